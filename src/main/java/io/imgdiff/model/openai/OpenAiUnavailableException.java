package io.imgdiff.model.openai;

/**
 * The endpoint stayed unavailable through the client's own retries (429, 5xx, connection failure, timeout): a
 * transient failure, retried later by the queue with its backoff.
 */
public class OpenAiUnavailableException extends RuntimeException {

    public OpenAiUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
