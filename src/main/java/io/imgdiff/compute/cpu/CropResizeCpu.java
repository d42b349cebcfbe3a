package io.imgdiff.compute.cpu;

import io.imgdiff.compute.CropResize;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.util.List;

/**
 * CPU twin of {@link CropResize} in plain Java float arithmetic, operation for operation as in
 * {@code native/kernels/crop_resize.cu} (Java float math is strict IEEE, and the kernel is built with
 * {@code -fmad=false}), so the twins agree far inside {@link CropResize#TOLERANCE}. Plain Java rather than OpenCV's
 * resize: OpenCV's 8-bit INTER_LINEAR uses 11-bit fixed-point weights, which no float kernel reproduces.
 */
public final class CropResizeCpu implements CropResize {

    @Override
    public float[] apply(List<RgbImage> images, List<Box> boxes, int size) {
        CropResize.check(images, boxes, size);
        float[] out = new float[images.size() * 3 * size * size];
        int plane = size * size;
        int[] xa = new int[size], xb = new int[size];
        float[] fx = new float[size];
        for (int i = 0; i < boxes.size(); i++) {
            RgbImage im = images.get(i);
            Box b = boxes.get(i);
            // Column taps depend only on the box width: compute them once per crop.
            taps(b.width(), size, xa, xb, fx);
            byte[] px = im.rgb();
            int base = i * 3 * plane;
            for (int dy = 0; dy < size; dy++) {
                float sy = clamp((dy + 0.5f) * ((float) b.height() / (float) size) - 0.5f, b.height());
                int ya = (int) Math.floor(sy);
                int yb = Math.min(ya + 1, b.height() - 1);
                float fy = sy - ya;
                int r0 = ((b.y1() + ya) * im.width() + b.x1()) * 3;
                int r1 = ((b.y1() + yb) * im.width() + b.x1()) * 3;
                for (int dx = 0; dx < size; dx++) {
                    float f = fx[dx];
                    for (int c = 0; c < 3; c++) {
                        float top = (1.0f - f) * (px[r0 + xa[dx] * 3 + c] & 0xFF) + f * (px[r0 + xb[dx] * 3 + c] & 0xFF);
                        float bot = (1.0f - f) * (px[r1 + xa[dx] * 3 + c] & 0xFF) + f * (px[r1 + xb[dx] * 3 + c] & 0xFF);
                        float v = ((1.0f - fy) * top + fy * bot) / 255.0f;
                        out[base + c * plane + dy * size + dx] = (v - CLIP_MEAN[c]) / CLIP_STD[c];
                    }
                }
            }
        }
        return out;
    }

    private static void taps(int w, int size, int[] xa, int[] xb, float[] fx) {
        for (int dx = 0; dx < size; dx++) {
            float sx = clamp((dx + 0.5f) * ((float) w / (float) size) - 0.5f, w);
            xa[dx] = (int) Math.floor(sx);
            xb[dx] = Math.min(xa[dx] + 1, w - 1);
            fx[dx] = sx - xa[dx];
        }
    }

    private static float clamp(float s, int extent) {
        return Math.min(Math.max(s, 0.0f), (float) (extent - 1));
    }
}
