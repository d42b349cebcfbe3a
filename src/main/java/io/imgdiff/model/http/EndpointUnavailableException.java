package io.imgdiff.model.http;

/**
 * A remote model endpoint stayed unavailable through the client's own retries (429, 5xx, connection failure,
 * timeout): a transient failure, retried later by the queue with its backoff.
 */
public class EndpointUnavailableException extends RuntimeException {

    public EndpointUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
