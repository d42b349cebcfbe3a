package io.imgdiff.item;

import java.util.List;

/** Output of {@code caption}: captioned regions and the boxes dropped on the way. */
public record CaptionOutput(List<RegionCaption> regions, List<RejectedBox> rejected) {
}
