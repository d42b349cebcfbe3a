package io.imgdiff.stage.export;

import io.imgdiff.config.RunSettings;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The export's {@code README.md}: what the data is, how to load it, counts per stage, drop reasons, the backends
 * that made it and the run's settings snapshot. Tallied while items stream past, so it holds counters only.
 */
final class DatasetCard {

    private static final String PREFIX = "imgdiff.stages.";

    /** The run an export comes from: its id and settings snapshot (empty for an export of loose items). */
    record Run(String id, Map<String, String> settings) {
    }

    private final Map<ItemStatus, Long> byStatus = new EnumMap<>(ItemStatus.class);
    private final long[][] stages = new long[StageName.values().length][4]; // entered, passed, dropped, failed
    private final Map<String, Long> drops = new TreeMap<>();
    private final Map<String, Long> samples = new TreeMap<>();
    private long questions;

    void count(Item item, List<Sample> written) {
        ItemStatus status = item.status() == null ? ItemStatus.QUEUED : item.status();
        byStatus.merge(status, 1L, Long::sum);
        StageName entry = item.entry() == null ? StageName.EDIT : item.entry();
        StageName last = status == ItemStatus.DONE || item.stage() == null ? StageName.CAPTION : item.stage();
        for (int s = entry.ordinal(); s <= last.ordinal(); s++) {
            stages[s][0]++;
            if (status == ItemStatus.DONE || s < last.ordinal()) {
                stages[s][1]++;
            } else if (status == ItemStatus.DROPPED) {
                stages[s][2]++;
            } else if (status == ItemStatus.FAILED) {
                stages[s][3]++;
            }
        }
        if (status == ItemStatus.DROPPED) {
            drops.merge(last.key() + " | " + item.reason(), 1L, Long::sum);
        }
        for (Sample s : written) {
            samples.merge(String.valueOf(s.fields().get("variant")), 1L, Long::sum);
            questions += s.fields().get("noun") != null ? 1 : 0;
        }
    }

    Map<ItemStatus, Long> byStatus() {
        return Map.copyOf(byStatus);
    }

    /** Which-image questions of removals written. */
    long questions() {
        return questions;
    }

    long samples(String variant) {
        return samples.getOrDefault(variant, 0L);
    }

    void write(ExportTarget target, ExportOptions options, Run run, long exportErrors) throws IOException {
        target.write("README.md", text(options, run, exportErrors).getBytes(StandardCharsets.UTF_8));
    }

    String text(ExportOptions options, Run run, long exportErrors) {
        StringBuilder b = new StringBuilder();
        b.append("# imgdiff dataset: run ").append(run.id()).append("\n\n")
                .append("Contrastive image-difference data made by imgdiff (after Img-Diff, arXiv 2408.04594): pairs of"
                        + " images that differ in one object, with a difference question per changed region and, for"
                        + " the object-removal variant, a which-image question.\n\n")
                .append("## Layout (").append(options.format().key()).append(")\n\n").append(layout(options))
                .append("\n`items.jsonl` lists every item of the run with its status, stage and reason.\n");
        if (!options.images()) {
            b.append("\nRecords only: picture names are given, the picture files were not written.\n");
        }
        b.append("\n## Counts\n\n| items | done | dropped | failed | queued | samples of replacements | samples"
                + " of removals | which-image questions | export errors |\n|---|---|---|---|---|---|---|---|---|\n| ")
                .append(byStatus.values().stream().mapToLong(Long::longValue).sum());
        for (ItemStatus s : List.of(ItemStatus.DONE, ItemStatus.DROPPED, ItemStatus.FAILED, ItemStatus.QUEUED)) {
            b.append(" | ").append(byStatus.getOrDefault(s, 0L));
        }
        b.append(" | ").append(samples(ItemSamples.REPLACEMENT)).append(" | ").append(samples(ItemSamples.REMOVAL))
                .append(" | ").append(questions).append(" | ").append(exportErrors)
                .append(" |\n\n## Stages\n\n| stage | entered | passed | dropped"
                        + " | failed |\n|---|---|---|---|---|\n");
        for (StageName s : StageName.values()) {
            long[] c = stages[s.ordinal()];
            b.append("| ").append(s.key()).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" | ")
                    .append(c[2]).append(" | ").append(c[3]).append(" |\n");
        }
        b.append("\n## Drop reasons\n\n| stage | reason | items |\n|---|---|---|\n");
        drops.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append("\n## Backends\n\n| setting | value |\n|---|---|\n");
        backends(run.settings()).forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append("\n## Settings snapshot\n\nAs stored with the run; a key not listed took its default.\n\n"
                + "```properties\n");
        new TreeMap<>(run.settings()).forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.append("```\n").toString();
    }

    /**
     * The settings naming the backends that made the data, as the run's workers read them (its snapshot over the
     * defaults); a snapshot this build cannot read shows its stored values only.
     */
    static Map<String, String> backends(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            StagesConfig c = RunSettings.of(settings);
            out.put("variant", c.variant());
            out.put("edit.backend", c.edit().backend());
            out.put("generate.backend", c.generate().backend());
            out.put("removal.backend", c.removal().backend());
            out.put("removal.matcher", c.removal().matcher());
            out.put("filter.backend", c.filter().backend());
            out.put("detect.proposers", String.join(",", c.detect().proposers()));
            out.put("detect.embedder", c.detect().embedder());
            out.put("detect.matcher", c.detect().matcher());
            out.put("caption.backend", c.caption().backend());
            out.put("caption.matcher", c.caption().matcher());
            out.put("caption.text-embedder", c.caption().textEmbedder());
        } catch (IllegalArgumentException e) {
            settings.forEach((k, v) -> {
                boolean named = k.endsWith("backend") || k.endsWith("matcher") || k.endsWith("variant");
                if (k.startsWith(PREFIX) && named) {
                    out.put(k.substring(PREFIX.length()), v);
                }
            });
        }
        return out;
    }

    private static String layout(ExportOptions options) {
        return switch (options.format()) {
            case LLAVA -> "`conversations.json` (LLaVA conversations, one entry per sample), pictures under `images/`,"
                    + " the raw pairs under `pairs/`.\n";
            case HF -> "Hugging Face `imagefolder`: `train/metadata.jsonl` (a `file_name` column, relative to it) and"
                    + " the pictures under `train/images/`. Load with:\n\n```python\n"
                    + "from datasets import load_dataset\n"
                    + "ds = load_dataset(\"imagefolder\", data_dir=\"<this directory>\")\n```\n";
            case WDS -> "WebDataset tar shards `shard-000000.tar`, … (at most " + (options.shardMaxBytes() >> 20)
                    + " MiB each), `<key>.json` + `<key>.png` per sample. Load with:\n\n```python\nimport webdataset"
                    + " as wds\nds = wds.WebDataset(\"shard-{000000..NNNNNN}.tar\").decode(\"pil\").to_tuple(\"png\","
                    + " \"json\")\n```\n";
        };
    }
}
