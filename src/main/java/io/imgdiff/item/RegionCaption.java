package io.imgdiff.item;

/** One difference region: its box, what it shows in each image and the difference caption. */
public record RegionCaption(Box box, String captionA, String captionB, String difference) {
}
