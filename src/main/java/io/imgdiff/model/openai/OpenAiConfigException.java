package io.imgdiff.model.openai;

import io.imgdiff.model.http.EndpointConfigException;

/** An OpenAI-compatible endpoint cannot work as configured (no URL or model set, key refused, model or URL unknown). */
public class OpenAiConfigException extends EndpointConfigException {

    public OpenAiConfigException(String message) {
        super(message);
    }
}
