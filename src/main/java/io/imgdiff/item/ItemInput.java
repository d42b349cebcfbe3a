package io.imgdiff.item;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What an item enters the pipeline with; which fields are set depends on its entry stage:
 * {@code edit} needs {@code caption}; {@code generate} needs {@code captionA} and {@code captionB};
 * {@code filter} needs {@code imageA} and {@code imageB} (object-store keys), captions optional.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemInput(String caption, String captionA, String captionB, String imageA, String imageB,
                        List<String> changedNouns) {

    public static ItemInput ofCaption(String caption) {
        return new ItemInput(caption, null, null, null, null, null);
    }

    public static ItemInput ofCaptionPair(String captionA, String captionB) {
        return new ItemInput(null, captionA, captionB, null, null, null);
    }

    public static ItemInput ofImagePair(String imageA, String imageB, String captionA, String captionB) {
        return new ItemInput(null, captionA, captionB, imageA, imageB, null);
    }
}
