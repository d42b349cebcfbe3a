package io.imgdiff.worker;

/**
 * A job could not run because the object store was unavailable ({@link io.imgdiff.store.ObjectStoreUnavailableException}
 * somewhere in the cause chain). Not a failure of the item: {@link WorkerLoop} releases the job with the same
 * attempt and pauses reading, so a store outage of any length spends no attempts and dead-letters nothing.
 */
final class StoreOutageException extends RuntimeException {

    StoreOutageException(String message, Throwable cause) {
        super(message, cause);
    }
}
