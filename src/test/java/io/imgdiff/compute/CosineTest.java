package io.imgdiff.compute;

import io.imgdiff.compute.cpu.CosineCpu;
import io.imgdiff.compute.cuda.ParityInputs;
import io.imgdiff.compute.reference.CosineReference;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CosineTest {

    @Test
    void cpuMatchesReferenceOnRandomPairs() {
        Random r = new Random(3);
        for (int[] nd : new int[][] {{1, 1}, {40, 7}, {200, 768}, {5, 4096}}) {
            float[][] v = ParityInputs.vectors(r, nd[0], nd[1]);
            float[] want = new CosineReference().cosine(v[0], v[1], nd[0], nd[1]);
            float[] got = new CosineCpu().cosine(v[0], v[1], nd[0], nd[1]);
            for (int i = 0; i < nd[0]; i++) {
                assertEquals(want[i], got[i], Cosine.TOLERANCE, "pair " + i + " of n=" + nd[0] + " dim=" + nd[1]);
            }
        }
    }

    @Test
    void knownValuesZeroVectorsAndEmptyInput() {
        float[] a = {1, 0, 0, 0, 0, 3, 2, 2};
        float[] b = {0, 1, 5, 0, 0, 0, 4, 4};
        float[] got = new CosineCpu().cosine(a, b, 4, 2);
        assertEquals(0f, got[0], 0, "orthogonal");
        assertEquals(0f, got[1], 0, "a all zeros");
        assertEquals(0f, got[2], 0, "b all zeros");
        assertEquals(1f, got[3], 1e-7, "parallel");
        assertEquals(0, new CosineCpu().cosine(new float[0], new float[0], 0, 8).length);
    }

    @Test
    void mismatchedLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CosineCpu().cosine(new float[6], new float[5], 2, 3));
        assertEquals("vector lengths 6/5 do not match n*dim = 2*3 = 6", e.getMessage());
    }
}
