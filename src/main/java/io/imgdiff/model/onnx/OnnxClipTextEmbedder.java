package io.imgdiff.model.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.imgdiff.model.TextEmbedder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TextEmbedder} on a CLIP text export (optimum's {@code CLIPTextModelWithProjection}, or a BLIP ITC text head
 * with the same I/O): {@code input_ids} and {@code attention_mask} int64 [N,L] in, projected embeddings [N,D] out,
 * L2-normalised here. Texts are tokenised with the model's own {@code tokenizer.json} (DJL's binding of Hugging Face
 * tokenizers), truncated to the context length {@code L} (the special tokens kept, as Hugging Face truncation does)
 * and padded after the end token with the end token and mask 0, as CLIP's tokenizer pads. {@code L} is the model's
 * fixed sequence dimension when it has one, else the configured context length (77 for CLIP).
 */
public final class OnnxClipTextEmbedder implements TextEmbedder, AutoCloseable {

    private final OnnxModel model;
    private final HuggingFaceTokenizer tokenizer;
    private final String idsName, maskName, output;
    private final int context;
    private final int batchSize;

    public OnnxClipTextEmbedder(Path file, Path tokenizerJson, String inputIds, String attentionMask, String output,
                                int contextLength, int batchSize, OnnxSettings settings) {
        if (contextLength < 2 || batchSize < 1) {
            throw new IllegalArgumentException("context length " + contextLength + " and batch size " + batchSize
                    + " out of range; expected context length >= 2 and batch size >= 1");
        }
        this.model = OnnxModel.open(file, "CLIP text",
                List.of(TensorSpec.of(inputIds, TensorSpec.INT64, TensorSpec.ANY, TensorSpec.ANY),
                        TensorSpec.of(attentionMask, TensorSpec.INT64, TensorSpec.ANY, TensorSpec.ANY)),
                List.of(TensorSpec.of(output, TensorSpec.FLOAT, TensorSpec.ANY, TensorSpec.ANY)), settings);
        long fixed = model.input(inputIds).dims()[1];
        this.context = fixed > 0 ? (int) fixed : contextLength;
        this.batchSize = model.input(inputIds).dims()[0] == 1 ? 1 : batchSize;
        this.idsName = inputIds;
        this.maskName = attentionMask;
        this.output = output;
        try {
            this.tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerJson).optAddSpecialTokens(true)
                    .optTruncation(true).optMaxLength(context).optPadding(false).build();
        } catch (IOException | RuntimeException e) {
            model.close();
            throw new IllegalStateException("cannot read tokenizer " + tokenizerJson.toAbsolutePath() + ": "
                    + e.getMessage() + "; expected a Hugging Face tokenizer.json", e instanceof IOException io
                    ? new UncheckedIOException(io) : e);
        }
    }

    /** Tokens per text sent to the model. */
    public int contextLength() {
        return context;
    }

    /** Token ids of {@code text}, padded to {@link #contextLength()}, with the attention mask in {@code mask}. */
    public long[] tokenize(String text, long[] mask) {
        Encoding e;
        synchronized (tokenizer) {
            e = tokenizer.encode(text);
        }
        long[] ids = e.getIds(), att = e.getAttentionMask();
        if (ids.length == 0 || ids.length > context) {
            throw new IllegalStateException("tokenizer gave " + ids.length + " tokens for '" + text
                    + "'; expected 1-" + context);
        }
        long[] out = new long[context];
        long pad = ids[ids.length - 1];
        for (int i = 0; i < context; i++) {
            out[i] = i < ids.length ? ids[i] : pad;
            mask[i] = i < ids.length ? att[i] : 0;
        }
        return out;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            int n = Math.min(batchSize, texts.size() - from);
            long[] ids = new long[n * context], mask = new long[n * context];
            long[] rowMask = new long[context];
            for (int i = 0; i < n; i++) {
                System.arraycopy(tokenize(texts.get(from + i), rowMask), 0, ids, i * context, context);
                System.arraycopy(rowMask, 0, mask, i * context, context);
            }
            OnnxModel.Output result = model.run(List.of(OnnxModel.Input.longs(idsName, ids, n, context),
                    OnnxModel.Input.longs(maskName, mask, n, context)), List.of(output)).get(0);
            out.addAll(Embeddings.rows(result, n, model, output));
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
