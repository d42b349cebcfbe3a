package io.imgdiff.web;

/**
 * An API error with its HTTP status and the request field it concerns (null when it concerns no single field);
 * rendered by {@link ApiErrors} as {@code {"status": 400, "field": "...", "error": "..."}}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    public static ApiException notFound(String field, String message) {
        return new ApiException(404, field, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
