package io.imgdiff.image;

/**
 * JPEG marker checks shared by the CPU decoder and nvJPEG's ({@code compute.cuda.NvJpegDecoder}). No dependencies:
 * the one-shot GPU check's pack carries this class without the rest of the image package.
 */
public final class JpegMarkers {

    private JpegMarkers() {
    }

    /** An EOI marker (FF D9) among the last 4 KiB: trailing padding after it is accepted, as libjpeg does. */
    public static boolean hasEndMarker(byte[] jpeg) {
        for (int i = jpeg.length - 2; i >= Math.max(2, jpeg.length - 4096); i--) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xd9) {
                return true;
            }
        }
        return false;
    }
}
