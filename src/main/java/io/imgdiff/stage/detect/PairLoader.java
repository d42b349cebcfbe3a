package io.imgdiff.stage.detect;

import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.RgbImage;
import io.imgdiff.store.ObjectStore;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/** Loads an item's image pair: from {@code generate}'s output, else from the input keys; B takes A's size. */
final class PairLoader {

    private PairLoader() {
    }

    static RgbImage[] load(Item item, ObjectStore store, long maxPixels) {
        GenerateOutput gen = item.generate();
        String ka = gen != null ? gen.imageA() : item.input() == null ? null : item.input().imageA();
        String kb = gen != null ? gen.imageB() : item.input() == null ? null : item.input().imageB();
        if (ka == null || kb == null) {
            throw new BadInputException("item '" + item.id() + "' has no image pair for detect: got imageA=" + ka
                    + ", imageB=" + kb + "; expected generate output or input.imageA/imageB");
        }
        RgbImage a = ImageCodec.decode(require(store, ka, item), maxPixels);
        RgbImage b = ImageCodec.decode(require(store, kb, item), maxPixels);
        return new RgbImage[] {a, resized(b, a.width(), a.height())};
    }

    private static byte[] require(ObjectStore store, String key, Item item) {
        return store.get(key).orElseThrow(() -> new BadInputException("item '" + item.id() + "': image '" + key
                + "' not found in " + store.describe()));
    }

    /** {@code img} at {@code w}×{@code h} (area interpolation); the same object when it already has that size. */
    static RgbImage resized(RgbImage img, int w, int h) {
        if (img.width() == w && img.height() == h) {
            return img;
        }
        try (PointerScope scope = new PointerScope();
             Mat src = new Mat(img.height(), img.width(), CV_8UC3, new BytePointer(img.rgb())); Mat dst = new Mat()) {
            resize(src, dst, new Size(w, h), 0, 0, INTER_AREA);
            byte[] out = new byte[w * h * 3];
            dst.data().get(out);
            return new RgbImage(w, h, out);
        }
    }
}
