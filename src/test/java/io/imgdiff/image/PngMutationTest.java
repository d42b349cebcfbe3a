package io.imgdiff.image;

import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged PNGs whose chunk CRCs were fixed up afterwards, so the damage reaches the native inflate, unfilter and
 * conversion instead of stopping at the CRC check (3000 cases; more with -Dimgdiff.png-mutations=N): every one must
 * decode to an image of the header's size or be
 * refused as bad input; nothing else may escape (and the JVM must not crash). Deterministic seeds.
 */
class PngMutationTest {

    private static final int CASES = Integer.getInteger("imgdiff.png-mutations", 3000);

    @Test
    void damagedImageDataAndHeadersNeverEscapeAsAnythingButBadInput() {
        Random r = new Random(20261203);
        byte[][] seeds = seeds(r);
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] png = mutate(seeds[r.nextInt(seeds.length)], r);
            try {
                RgbImage img = ImageCodec.decode("case " + i, png, 4_000_000L);
                assertEquals((long) img.width() * img.height() * 3, img.rgb().length);
            } catch (BadInputException e) {
                refused++;
                assertTrue(e.getMessage().startsWith("case " + i + " "), e.getMessage());
            }
        }
        assertTrue(refused > CASES / 10, "most damage should be caught; refused only " + refused);
    }

    private static byte[][] seeds(Random r) {
        int[][] kinds = {{2, 8}, {6, 8}, {0, 8}, {0, 16}, {4, 8}, {2, 16}, {6, 16}, {3, 8}};
        byte[][] out = new byte[kinds.length][];
        for (int k = 0; k < kinds.length; k++) {
            int ct = kinds[k][0];
            int depth = kinds[k][1];
            PngBuilder b = new PngBuilder(23, 17, ct, depth, PngBuilder.randomSamples(23, 17, ct, depth, k, 16))
                    .filters(0, 1, 2, 3, 4).idatSize(97);
            if (ct == 3) {
                b.palette(PngBuilder.randomSamples(16, 1, 2, 8, 3, 0)).trns(new byte[] {0, 80, (byte) 200});
            }
            out[k] = b.build();
        }
        return out;
    }

    /** One to four random edits anywhere after the signature, then every chunk's CRC recomputed. */
    private static byte[] mutate(byte[] seed, Random r) {
        byte[] png = seed.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = 8 + r.nextInt(Math.max(1, png.length - 8));
            switch (png.length < 29 ? 2 : r.nextInt(4)) {
                case 0 -> png[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> png[at] = (byte) r.nextInt(256);
                case 2 -> png = Arrays.copyOf(png, Math.max(9, Math.min(at, png.length - 1))); // cut short
                default -> png[16 + r.nextInt(13)] = (byte) r.nextInt(256); // IHDR fields
            }
        }
        fixCrcs(png);
        return png;
    }

    private static void fixCrcs(byte[] png) {
        int pos = 8;
        CRC32 crc = new CRC32();
        while (pos + 12 <= png.length) {
            long len = Integer.toUnsignedLong(ByteBuffer.wrap(png, pos, 4).getInt());
            if (pos + 12 + len > png.length) {
                return;
            }
            crc.reset();
            crc.update(png, pos + 4, (int) len + 4);
            ByteBuffer.wrap(png, pos + 8 + (int) len, 4).putInt((int) crc.getValue());
            pos += 12 + (int) len;
        }
    }
}
