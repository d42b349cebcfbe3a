package io.imgdiff.compute;

/**
 * How far two images' bytes are apart: the mean and the largest absolute difference per channel value. The measure
 * of the nvJPEG limits ({@link JpegAccelerators#MEAN_LIMIT}, {@link JpegAccelerators#MAX_LIMIT}), used by the
 * worker's start-up probe and the GPU check alike (dependency-free: it runs in the GPU check's pack).
 */
public record PixelDistance(double mean, int max) {

    /** The distance of {@code a} from {@code b}, which must have the same length. */
    public static PixelDistance of(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("comparing " + a.length + " bytes with " + b.length
                    + "; expected images of one size");
        }
        long sum = 0;
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            int d = Math.abs((a[i] & 0xff) - (b[i] & 0xff));
            sum += d;
            max = Math.max(max, d);
        }
        return new PixelDistance(a.length == 0 ? 0 : (double) sum / a.length, max);
    }

    /** Within the limits nvJPEG's pixels must keep from libjpeg-turbo's. */
    public boolean withinJpegLimits() {
        return mean <= JpegAccelerators.MEAN_LIMIT && max <= JpegAccelerators.MAX_LIMIT;
    }
}
