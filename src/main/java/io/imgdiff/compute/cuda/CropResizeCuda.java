package io.imgdiff.compute.cuda;

import io.imgdiff.compute.CropResize;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * CUDA twin of {@link CropResize} ({@code native/kernels/crop_resize.cu}): each distinct image is uploaded once
 * however many boxes it has; crops are written straight into the planar float tensor.
 */
public final class CropResizeCuda extends CudaOp implements CropResize {

    /** grid.y limit: crops per launch. */
    private static final int CHUNK = 65535;
    private final DeviceBuffer in = device("images+crops");
    private final DeviceBuffer out = device("tensor");
    private final PinnedBuffer hostIn = pinned("images+crops");
    private final PinnedBuffer hostOut = pinned("tensor");

    CropResizeCuda(CudaContext context, KernelModule module) {
        super(context, module);
    }

    @Override
    public synchronized float[] apply(List<RgbImage> images, List<Box> boxes, int size) {
        CropResize.check(images, boxes, size);
        int n = images.size();
        if (n == 0) {
            return new float[0];
        }
        Map<RgbImage, Long> offsets = new IdentityHashMap<>();
        long imageBytes = 0;
        for (RgbImage im : images) {
            if (!offsets.containsKey(im)) {
                offsets.put(im, imageBytes);
                imageBytes += (im.rgb().length + 15) / 16 * 16;
            }
        }
        long cropBytes = 32L * n;
        context.makeCurrent();
        hostIn.ensure(imageBytes + cropBytes);
        for (Map.Entry<RgbImage, Long> e : offsets.entrySet()) {
            hostIn.view(e.getValue(), e.getKey().rgb().length).put(e.getKey().rgb());
        }
        ByteBuffer crops = hostIn.view(imageBytes, cropBytes);
        for (int i = 0; i < n; i++) {
            RgbImage im = images.get(i);
            Box b = boxes.get(i);
            long off = offsets.get(im);
            crops.putInt((int) off).putInt((int) (off >>> 32)).putInt(im.width()).putInt(im.height())
                    .putInt(b.x1()).putInt(b.y1()).putInt(b.x2()).putInt(b.y2());
        }
        long dIn = in.ensure(imageBytes + cropBytes);
        long dCrops = dIn + imageBytes;
        long perCrop = 3L * size * size;
        long dOut = out.ensure(4 * perCrop * n);
        upload(dIn, hostIn, 0, imageBytes + cropBytes);
        float[] m = CLIP_MEAN, s = CLIP_STD;
        long touched = 0;
        for (Box b : boxes) {
            touched += 3L * b.width() * b.height();
        }
        run(() -> {
            for (int c0 = 0; c0 < n; c0 += CHUNK) {
                int count = Math.min(CHUNK, n - c0);
                module.launch("crop_resize_normalize", stream, new int[] {blocks((long) size * size, 256), count, 1},
                        new int[] {256, 1, 1}, 0, dIn, dCrops + 32L * c0, dOut + 4 * perCrop * c0, count, size,
                        m[0], m[1], m[2], s[0], s[1], s[2]);
            }
        }, Math.min(touched, imageBytes) + 4 * perCrop * n);
        hostOut.ensure(4 * perCrop * n);
        download(hostOut, 0, dOut, 4 * perCrop * n);
        sync();
        float[] result = new float[(int) (perCrop * n)];
        hostOut.view(0, 4 * perCrop * n).asFloatBuffer().get(result);
        return result;
    }
}
