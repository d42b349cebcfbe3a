package io.imgdiff.compute.cpu;

import io.imgdiff.compute.Components;
import io.imgdiff.item.Box;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_HEIGHT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_LEFT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_TOP;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_WIDTH;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;

/** CPU twin of {@link Components}: OpenCV's connectedComponentsWithStats, plus a pass for the difference sums. */
public final class ComponentsCpu implements Components {

    @Override
    public List<Component> label(byte[] mask, byte[] diff, int width, int height) {
        Components.check(mask, diff, width, height);
        // Native buffers live only inside this scope; results leave as heap records.
        try (PointerScope scope = new PointerScope();
             BytePointer maskPtr = new BytePointer(mask);
             Mat m = new Mat(height, width, CV_8UC1, maskPtr);
             Mat labels = new Mat(); Mat stats = new Mat(); Mat centroids = new Mat()) {
            int n = connectedComponentsWithStats(m, labels, stats, centroids, 8, CV_32S);
            long[] sums = new long[n];
            int[] lab = new int[width * height];
            new IntPointer(labels.data()).get(lab);
            for (int i = 0; i < lab.length; i++) {
                sums[lab[i]] += diff[i] & 0xFF;
            }
            IntPointer s = new IntPointer(stats.data());
            int cols = stats.cols();
            List<Component> out = new ArrayList<>(Math.max(0, n - 1));
            for (int c = 1; c < n; c++) { // label 0 is the background
                int x = s.get((long) c * cols + CC_STAT_LEFT);
                int y = s.get((long) c * cols + CC_STAT_TOP);
                int w = s.get((long) c * cols + CC_STAT_WIDTH);
                int h = s.get((long) c * cols + CC_STAT_HEIGHT);
                out.add(new Component(new Box(x, y, x + w, y + h), s.get((long) c * cols + CC_STAT_AREA), sums[c]));
            }
            out.sort(Components.ORDER);
            return out;
        }
    }
}
