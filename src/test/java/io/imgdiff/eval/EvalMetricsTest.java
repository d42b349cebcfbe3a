package io.imgdiff.eval;

import io.imgdiff.item.Box;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** False boxes count against the category they overlap, or as drift; drift kinds get their own figures. */
class EvalMetricsTest {

    @Test
    void attributesFalseBoxesToCategoriesOrDriftAndSplitsFiguresByDriftKind() {
        EvalMetrics m = new EvalMetrics();
        TruthRecord two = new TruthRecord("a", 100, 100, List.of(new int[] {0, 0, 20, 20}, new int[] {50, 50, 90, 90}),
                List.of("small", "replace"), null, List.of("warp", "jpeg"));
        // one hit on "small", a half-box on "replace" (IoU 0.25: unmatched, overlaps it), one box on empty ground
        m.add(two, List.of(new Box(0, 0, 20, 20), new Box(50, 50, 70, 70), new Box(25, 0, 45, 10)), 1);
        TruthRecord negative = new TruthRecord("n", 100, 100, List.of(), null, null, List.of("warp"));
        m.add(negative, List.of(new Box(5, 5, 15, 15)), 1);
        EvalMetrics.Summary s = m.summary();
        assertEquals(1, s.tp());
        assertEquals(2, s.driftFalsePositives());
        assertEquals(1.0, s.categories().get("small").precision());
        assertEquals(1, s.categories().get("replace").falsePositives());
        assertEquals(0.0, s.categories().get("replace").precision());
        assertEquals(0.0, s.categories().get("replace").recall());
        EvalMetrics.DriftKind warp = s.driftKinds().get("warp");
        assertEquals(2, warp.pairs());
        assertEquals(1, warp.negatives());
        assertEquals(1.0, warp.fpRateNegatives());
        assertEquals(0.25, warp.precision());
        EvalMetrics.DriftKind jpeg = s.driftKinds().get("jpeg");
        assertEquals(1, jpeg.pairs());
        assertEquals(1.0 / 3, jpeg.precision(), 1e-9);
        assertEquals(0.5, jpeg.recall());
    }
}
