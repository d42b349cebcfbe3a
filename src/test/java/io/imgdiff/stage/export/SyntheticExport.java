package io.imgdiff.stage.export;

import io.imgdiff.item.Box;
import io.imgdiff.item.Item;
import io.imgdiff.model.builtin.MapObjectStore;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Run by {@link LargeExportTest} in a JVM of its own ({@code -Xmx256m}): exports N synthetic done items (every third
 * a removal) in every format, records only, made on the fly as a Redis scan would hand them over, then prints the
 * samples written and the heap's peak use.
 */
public final class SyntheticExport {

    private SyntheticExport() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        DatasetExporter exporter = new DatasetExporter(new MapObjectStore(), 1 << 20);
        for (ExportFormat format : ExportFormat.values()) {
            long t0 = System.nanoTime();
            ExportSummary s = exporter.export(source(n), ExportTarget.directory(out.resolve(format.key())),
                    new ExportOptions(format, false, 64L << 20), "synthetic", Map.of("imgdiff.stages.variant", "mix"));
            System.out.printf("format=%s items=%d samples=%d seconds=%.1f%n", format.key(), n, s.entries(),
                    (System.nanoTime() - t0) / 1e9);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("heapPeakMiB=%d maxHeapMiB=%d%n", peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Items made one at a time, in id order; none is kept after the visitor returns. */
    static Consumer<Consumer<Item>> source(int n) {
        return visitor -> {
            for (int i = 0; i < n; i++) {
                String id = String.format("%07d", i);
                visitor.accept(i % 3 == 2 ? ExportItems.removal(null, id, "cat")
                        : ExportItems.done(null, id, new Box(i % 50, 10, 50 + i % 50, 60)));
            }
        };
    }
}
