package io.imgdiff.stage.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.util.Date;

/**
 * WebDataset shards: POSIX tar files {@code shard-000000.tar}, {@code shard-000001.tar}, … each holding whole samples
 * as {@code <key>.json} (the sample's fields) and {@code <key>.png} next to each other, as WebDataset groups members
 * by the name before the first dot. A shard is closed before a sample would take it past {@code maxBytes} (a sample
 * bigger than that gets a shard of its own), so a shard never needs more than one sample in memory.
 */
final class WebDatasetWriter implements SampleWriter {

    /** tar: a 512-byte header per member, data padded to 512, two zero blocks at the end. */
    private static final int BLOCK = 512;
    /** Fixed member times, so the same run exports to the same bytes. */
    private static final Date EPOCH = new Date(0);

    private final ExportTarget target;
    private final ObjectMapper json;
    private final long maxBytes;
    private TarArchiveOutputStream tar;
    private long shardBytes;
    private int shards;

    WebDatasetWriter(ExportTarget target, ObjectMapper json, long maxBytes) {
        this.target = target;
        this.json = json;
        this.maxBytes = maxBytes;
    }

    static String shardName(int index) {
        return String.format("shard-%06d.tar", index);
    }

    @Override
    public void write(Sample s) throws IOException {
        byte[] record = json.writeValueAsBytes(s.fields());
        long size = member(record.length) + (s.png() == null ? 0 : member(s.png().length));
        if (tar != null && shardBytes + size + 2 * BLOCK > maxBytes) {
            closeShard();
        }
        if (tar == null) {
            // 512-byte blocking: the default 10 KiB record would pad every shard past the bound computed here
            tar = new TarArchiveOutputStream(target.create(shardName(shards++)), BLOCK);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            shardBytes = 0;
        }
        put(s.key() + ".json", record);
        if (s.png() != null) {
            put(s.key() + ".png", s.png());
        }
        shardBytes += size;
    }

    /** Shards written so far. */
    int shards() {
        return shards;
    }

    private static long member(long bytes) {
        return BLOCK + (bytes + BLOCK - 1) / BLOCK * BLOCK;
    }

    private void put(String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        e.setModTime(EPOCH);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private void closeShard() throws IOException {
        tar.finish();
        tar.close();
        tar = null;
    }

    @Override
    public void finish() throws IOException {
        if (tar != null) {
            closeShard();
        }
    }
}
