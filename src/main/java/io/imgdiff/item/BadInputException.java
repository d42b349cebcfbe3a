package io.imgdiff.item;

/**
 * The item's input can never be processed (corrupt image, absurd size, malformed job): the item fails at once,
 * without retries, with this message recorded on it.
 */
public class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
