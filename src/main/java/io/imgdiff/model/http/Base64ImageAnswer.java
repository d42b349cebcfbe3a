package io.imgdiff.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.item.BadInputException;

import java.io.IOException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The 200 answer of our image services (pair protocol, inpaint protocol): a JSON object whose named fields hold
 * base64 PNG or JPEG, optionally as data URLs. Anything else is a {@link BadInputException} naming the endpoint, what
 * came and what the protocol expects.
 */
public final class Base64ImageAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA_URL = Pattern.compile("^data:image/[A-Za-z0-9.+-]+;base64,");
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private final JsonNode root;
    private final String where;
    private final String expected;
    private final String protocol;

    private Base64ImageAnswer(JsonNode root, String where, String expected, String protocol) {
        this.root = root;
        this.where = where;
        this.expected = expected;
        this.protocol = protocol;
    }

    /**
     * {@code body} read as a JSON object from {@code where}; {@code expected} is the answer's shape for messages
     * (e.g. {@code {"image"}}), {@code protocol} its name (e.g. {@code imgdiff inpaint protocol v1}).
     */
    public static Base64ImageAnswer parse(String body, String where, String expected, String protocol) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(where + " answered 200 with " + (root == null ? "no JSON" : "JSON that is not"
                    + " an object") + " (" + HttpEndpoint.preview(body) + "); expected " + expected + " (" + protocol
                    + ")");
        }
        return new Base64ImageAnswer(root, where, expected, protocol);
    }

    /** The bytes of image field {@code field}. */
    public byte[] image(String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new BadInputException(where + " answered 200 without " + field + " as a base64 string (found "
                    + (n == null ? "no such field" : n.getNodeType().toString().toLowerCase() + " "
                    + HttpEndpoint.preview(n.toString())) + "); expected " + expected + " with base64 PNG or JPEG ("
                    + protocol + ")");
        }
        String text = BLANKS.matcher(DATA_URL.matcher(n.asText().strip()).replaceFirst("")).replaceAll("");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + " answered 200 with " + field + " that is not valid base64 ("
                    + e.getMessage() + "; it starts " + HttpEndpoint.preview(text) + "); expected base64 PNG or JPEG");
        }
    }
}
