package io.imgdiff.model.inpaint;

import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The {@code http} removal backend: sends image A, a mask (white over {@code box} grown by {@code maskGrowPx}, black
 * elsewhere), the box, the noun and the item seed to an inpainting service (imgdiff inpaint protocol v1). The answer
 * goes through {@link ImageCodec} (the {@code imgdiff.image.max-pixels} limit, corrupt data refused with the
 * reason); an answer of another size is resized to the input's, as input normalisation does for B.
 */
public final class HttpInpainter implements Inpainter {

    private final InpaintClient client;
    private final long maxPixels;

    public HttpInpainter(InpaintClient client, long maxPixels) {
        this.client = client;
        this.maxPixels = maxPixels;
    }

    @Override
    public RgbImage inpaint(RgbImage image, Box box, String noun, int maskGrowPx, long seed) {
        if (box.area() == 0 || box.x2() > image.width() || box.y2() > image.height()) {
            throw new BadInputException("removal box " + box + " is empty or outside the " + image.width() + "x"
                    + image.height() + " image; expected a non-empty box inside it");
        }
        if (maskGrowPx < 0) {
            throw new BadInputException("removal.mask-grow-px is " + maskGrowPx + ", expected >= 0");
        }
        Base64.Encoder b64 = Base64.getEncoder();
        InpaintClient.Request request = new InpaintClient.Request(b64.encodeToString(ImageCodec.encodePng(image)),
                b64.encodeToString(ImageCodec.encodePng(mask(image.width(), image.height(),
                        box.grow(maskGrowPx, image.width(), image.height())))),
                List.of(box.x1(), box.y1(), box.x2(), box.y2()), noun, seed);
        InpaintClient.Answer answer = client.inpaint(request);
        RgbImage filled = ImageCodec.decode("image from " + answer.where(), answer.image(), maxPixels);
        return ImageCodec.matchSize(image, filled);
    }

    /** White (255) inside {@code box}, black elsewhere: the usual convention of inpainting pipelines' masks. */
    static RgbImage mask(int w, int h, Box box) {
        RgbImage m = RgbImage.blank(w, h);
        for (int y = box.y1(); y < box.y2(); y++) {
            Arrays.fill(m.rgb(), (y * w + box.x1()) * 3, (y * w + box.x2()) * 3, (byte) 255);
        }
        return m;
    }
}
