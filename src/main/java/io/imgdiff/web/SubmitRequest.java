package io.imgdiff.web;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/runs}: exactly one of {@code captions} (enter at edit), {@code pairs} (caption pairs,
 * enter at generate) or {@code images} (base64 image pairs, enter at filter); optional run id and settings.
 */
public record SubmitRequest(String run, Map<String, String> settings, List<String> captions, List<CaptionPair> pairs,
                            List<ImagePair> images) {

    /** A caption pair, optionally with an item id. */
    public record CaptionPair(String id, String captionA, String captionB) {
    }

    /** An image pair as base64 bytes with the file extension of each, optionally with captions and an id. */
    public record ImagePair(String id, String imageA, String imageB, String formatA, String formatB,
                            String captionA, String captionB) {
    }
}
