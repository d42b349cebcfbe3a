package io.imgdiff.compute.reference;

import io.imgdiff.compute.Components;
import io.imgdiff.item.Box;

import java.util.ArrayList;
import java.util.List;

/**
 * Slow, obvious oracle of {@link Components}: a raster scan that flood-fills each new foreground pixel's component
 * over its 8 neighbours with an explicit stack. Components are found in raster order of their first pixel and the
 * final sort is stable, so ties under {@link Components#ORDER} stay in that order (as with OpenCV's labels).
 */
public final class ComponentsReference implements Components {

    @Override
    public List<Component> label(byte[] mask, byte[] diff, int width, int height) {
        Components.check(mask, diff, width, height);
        boolean[] seen = new boolean[mask.length];
        int[] stack = new int[mask.length];
        List<Component> out = new ArrayList<>();
        for (int start = 0; start < mask.length; start++) {
            if (mask[start] == 0 || seen[start]) {
                continue;
            }
            int x1 = width, y1 = height, x2 = -1, y2 = -1;
            long pixels = 0, sum = 0;
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                int x = p % width, y = p / width;
                x1 = Math.min(x1, x);
                y1 = Math.min(y1, y);
                x2 = Math.max(x2, x);
                y2 = Math.max(y2, y);
                pixels++;
                sum += diff[p] & 0xFF;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
                            continue;
                        }
                        int q = ny * width + nx;
                        if (mask[q] != 0 && !seen[q]) {
                            seen[q] = true;
                            stack[top++] = q;
                        }
                    }
                }
            }
            out.add(new Component(new Box(x1, y1, x2 + 1, y2 + 1), pixels, sum));
        }
        out.sort(Components.ORDER);
        return out;
    }
}
