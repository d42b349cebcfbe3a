package io.imgdiff.model.http;

/**
 * A remote model endpoint cannot work as configured (no URL set, key refused, URL unknown). Not the item's fault,
 * so not a permanent item failure: the job goes back to the queue's retry (another worker may be configured right,
 * and after a fix the dead letters can be retried). The message names the setting to fix.
 */
public class EndpointConfigException extends RuntimeException {

    public EndpointConfigException(String message) {
        super(message);
    }
}
