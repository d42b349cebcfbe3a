package io.imgdiff.model.openai;

/**
 * The endpoint cannot work as configured (no URL or model set, key refused, model or URL unknown). Not the item's
 * fault, so not a permanent item failure: the job goes back to the queue's retry (another worker may be configured
 * right, and after a fix the dead letters can be retried). The message names the setting to fix.
 */
public class OpenAiConfigException extends RuntimeException {

    public OpenAiConfigException(String message) {
        super(message);
    }
}
