package io.imgdiff.store;

/**
 * The object store could not be reached or answered that it is unavailable (connection refused or reset, timeout,
 * HTTP 5xx, 429/503 throttling): the store's fault, not the item's. The worker gives such a job back to the queue
 * without spending one of its attempts and pauses reading (see {@code WorkerLoop}), so an outage of any length
 * fails no item; other store errors (403, a full disk) are ordinary, attempt-counting failures.
 */
public class ObjectStoreUnavailableException extends ObjectStoreException {

    public ObjectStoreUnavailableException(String operation, String location, String key, Throwable cause) {
        super(operation, location, key, cause);
    }
}
