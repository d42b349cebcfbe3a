package io.imgdiff.model;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.util.List;

/** Proposes candidate difference boxes for a pair of equal-size images; higher score = more likely a change. */
public interface BoxProposer {

    record Proposal(Box box, double score, String source) {
    }

    /** Name used in {@code imgdiff.stages.detect.proposers}. */
    String name();

    List<Proposal> propose(RgbImage a, RgbImage b);
}
