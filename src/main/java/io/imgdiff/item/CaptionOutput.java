package io.imgdiff.item;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Output of {@code caption}: captioned regions and the boxes dropped on the way. {@code textMatching} says how
 * region captions were scored against their crops (e.g. {@code truth}, a model name, or why that was skipped);
 * {@code textSimilarity} how the two captions of a box were compared (a text embedder's name, or the exact-string
 * fallback). Both are null in outputs written before they existed.
 */
public record CaptionOutput(List<RegionCaption> regions, List<RejectedBox> rejected,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String textMatching,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String textSimilarity) {

    /** An output that does not say how its captions were checked. */
    public CaptionOutput(List<RegionCaption> regions, List<RejectedBox> rejected) {
        this(regions, rejected, null, null);
    }
}
