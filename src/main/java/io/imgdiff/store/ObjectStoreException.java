package io.imgdiff.store;

/**
 * An object-store operation failed for a reason outside the item (network, permissions, full disk): the job is
 * retried. The message names the operation, the store location and the key.
 */
public class ObjectStoreException extends RuntimeException {

    public ObjectStoreException(String operation, String location, String key, Throwable cause) {
        super(operation + " of '" + key + "' in " + location + " failed: " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
