package io.imgdiff.stage.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes samples one at a time in one export format; nothing but the current sample is held. */
interface SampleWriter {

    void write(Sample sample) throws IOException;

    /** Completes the last file; the export is readable only after this. */
    void finish() throws IOException;

    static SampleWriter of(ExportOptions options, ExportTarget target, ObjectMapper json) throws IOException {
        return switch (options.format()) {
            case LLAVA -> new Llava(target, json);
            case HF -> new ImageFolder(target, json);
            case WDS -> new WebDatasetWriter(target, json, options.shardMaxBytes());
        };
    }

    /**
     * {@code conversations.json}: one JSON array streamed by Jackson's generator, entries in the released Img-Diff
     * data's fields ({@code id, image, conversations, bbox, captions1, captions2}); a removal's entries add
     * {@code variant}, {@code noun} and {@code answer}. Pictures under {@code images/}.
     */
    final class Llava implements SampleWriter {
        private final ExportTarget target;
        private final JsonGenerator out;

        Llava(ExportTarget target, ObjectMapper json) throws IOException {
            this.target = target;
            this.out = json.getFactory().createGenerator(target.create("conversations.json"), JsonEncoding.UTF8);
            out.useDefaultPrettyPrinter();
            out.writeStartArray();
        }

        @Override
        public void write(Sample s) throws IOException {
            if (s.png() != null) {
                target.write(s.imagePath(), s.png());
            }
            Map<String, Object> f = s.fields();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", f.get("id"));
            e.put("image", s.imagePath());
            e.put("conversations", f.get("conversations"));
            e.put("bbox", f.get("bbox"));
            e.put("captions1", f.get("captions1"));
            e.put("captions2", f.get("captions2"));
            if (ItemSamples.REMOVAL.equals(f.get("variant"))) {
                e.put("variant", f.get("variant"));
                e.put("noun", f.get("noun"));
                e.put("answer", f.get("answer"));
            }
            out.writeObject(e);
        }

        @Override
        public void finish() throws IOException {
            out.writeEndArray();
            out.close();
        }
    }

    /**
     * Hugging Face {@code imagefolder}: {@code train/metadata.jsonl} whose {@code file_name} column is each picture's
     * path relative to that file (what {@code load_dataset("imagefolder", data_dir=...)} reads without code), the
     * pictures under {@code train/images/}; the other columns are the sample's fields.
     */
    final class ImageFolder implements SampleWriter {
        static final String SPLIT = "train/";
        private final ExportTarget target;
        private final ObjectMapper json;
        private final BufferedWriter out;

        ImageFolder(ExportTarget target, ObjectMapper json) throws IOException {
            this.target = target;
            this.json = json;
            this.out = new BufferedWriter(new OutputStreamWriter(target.create(SPLIT + "metadata.jsonl"),
                    StandardCharsets.UTF_8));
        }

        @Override
        public void write(Sample s) throws IOException {
            if (s.png() != null) {
                target.write(SPLIT + s.imagePath(), s.png());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file_name", s.imagePath());
            row.putAll(s.fields());
            out.write(json.writeValueAsString(row));
            out.newLine();
        }

        @Override
        public void finish() throws IOException {
            out.close();
        }
    }
}
