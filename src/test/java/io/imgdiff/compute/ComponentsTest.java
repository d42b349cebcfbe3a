package io.imgdiff.compute;

import io.imgdiff.compute.cpu.ComponentsCpu;
import io.imgdiff.compute.cuda.ParityInputs;
import io.imgdiff.compute.reference.ComponentsReference;
import io.imgdiff.item.Box;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ComponentsTest {

    @Test
    void cpuMatchesReferenceOnEveryMaskKindAndOddSizes() {
        Random r = new Random(5);
        for (int[] s : new int[][] {{1, 1}, {1, 29}, {29, 1}, {2, 2}, {33, 17}, {128, 96}}) {
            for (String kind : ParityInputs.MASK_KINDS) {
                byte[] mask = ParityInputs.mask(r, kind, s[0], s[1]);
                byte[] diff = new byte[mask.length];
                r.nextBytes(diff);
                assertEquals(new ComponentsReference().label(mask, diff, s[0], s[1]),
                        new ComponentsCpu().label(mask, diff, s[0], s[1]), kind + " " + s[0] + "x" + s[1]);
            }
        }
    }

    @Test
    void edgeMasksHaveTheExpectedCounts() {
        Random r = new Random(1);
        int w = 9, h = 7;
        byte[] diff = new byte[w * h];
        assertEquals(0, new ComponentsReference().label(new byte[w * h], diff, w, h).size(), "empty");
        List<Components.Component> full = new ComponentsReference().label(ParityInputs.mask(r, "full", w, h), diff, w, h);
        assertEquals(List.of(new Components.Component(new Box(0, 0, w, h), w * h, 0)), full, "full");
        assertEquals(5 * 4, new ComponentsReference().label(ParityInputs.mask(r, "grid", w, h), diff, w, h).size(),
                "grid: ceil(w/2)*ceil(h/2), the bound the CUDA kernel sizes its stats by");
        assertEquals(1, new ComponentsReference().label(ParityInputs.mask(r, "checker", w, h), diff, w, h).size(),
                "checker: 8-connectivity joins diagonals");
    }

    @Test
    void listsAreSortedByTopThenLeftNotByLabelOrDiff() {
        // Two 8-connected components of one mask can never share a bounding box (both would have to cross the box
        // both ways, and crossing paths touch), so ORDER is total and every twin returns the same list.
        int w = 6, h = 3;
        byte[] mask = new byte[w * h];
        byte[] diff = new byte[w * h];
        int[][] on = {{5, 0}, {0, 1}, {3, 2}};
        for (int[] p : on) {
            mask[p[1] * w + p[0]] = (byte) 255;
            diff[p[1] * w + p[0]] = (byte) (10 + p[0]);
        }
        List<Components.Component> want = List.of(new Components.Component(new Box(5, 0, 6, 1), 1, 15),
                new Components.Component(new Box(0, 1, 1, 2), 1, 10), new Components.Component(new Box(3, 2, 4, 3), 1, 13));
        assertEquals(want, new ComponentsReference().label(mask, diff, w, h));
        assertEquals(want, new ComponentsCpu().label(mask, diff, w, h));
    }
}
