package io.imgdiff.submit;

import io.imgdiff.item.ItemInput;

/**
 * One item to submit. For image pairs, {@code imageA}/{@code imageB} supply the raw bytes when the submitter uploads
 * them (read lazily, so a directory of thousands of pairs is never held in memory); null otherwise.
 */
public record SubmitItem(String id, ItemInput input, ImageSource imageA, ImageSource imageB) {

    /** Raw image bytes and the file extension they came with ({@code png}, {@code jpg}, ...). */
    public interface ImageSource {
        byte[] read();

        String extension();
    }
}
