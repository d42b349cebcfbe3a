package io.imgdiff.model.openai;

import io.imgdiff.model.http.EndpointUnavailableException;

/** An OpenAI-compatible endpoint stayed unavailable through the client's own retries. */
public class OpenAiUnavailableException extends EndpointUnavailableException {

    public OpenAiUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
