package io.imgdiff.image;

import io.imgdiff.item.RgbImage;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;

/**
 * Prints decode times of {@link ImageCodec} for 512² and 1024² PNGs and JPEGs (median of 30 after warm-up).
 * Not a test: run with {@code java -cp target/classes:target/test-classes:<deps> io.imgdiff.image.ImageCodecBench}.
 */
public final class ImageCodecBench {

    private ImageCodecBench() {
    }

    public static void main(String[] args) {
        for (int size : new int[] {512, 1024}) {
            BufferedImage scene = scene(size);
            BufferedImage noise = ImageFixtures.noise(size, size, 1);
            report("PNG  scene", size, ImageFixtures.png(scene));
            report("PNG  noise", size, ImageFixtures.png(noise));
            report("JPEG scene", size, ImageCodec.encodeJpeg(ImageCodec.fromBuffered(scene), 90));
        }
    }

    /** Smooth gradients with blocks and mild noise: compresses like a rendered picture, not like static. */
    private static BufferedImage scene(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(5);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int n = random.nextInt(6);
                int r = (x * 255 / size + n) & 0xFF;
                int g = (y * 255 / size + n) & 0xFF;
                int b = ((x / 64 + y / 64) % 2 == 0 ? 200 : 40) + n;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static void report(String label, int size, byte[] bytes) {
        long[] ns = new long[30];
        for (int i = 0; i < 10; i++) {
            ImageCodec.decode(bytes, Long.MAX_VALUE);
        }
        for (int i = 0; i < ns.length; i++) {
            long t = System.nanoTime();
            RgbImage img = ImageCodec.decode(bytes, Long.MAX_VALUE);
            ns[i] = System.nanoTime() - t;
            if (img.width() != size) {
                throw new IllegalStateException("decoded " + img.width());
            }
        }
        Arrays.sort(ns);
        System.out.printf("%s %4d²  %8d bytes  median %6.1f ms  min %6.1f ms%n", label, size, bytes.length,
                ns[ns.length / 2] / 1e6, ns[0] / 1e6);
    }
}
