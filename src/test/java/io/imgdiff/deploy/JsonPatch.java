package io.imgdiff.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 {@code add}, {@code replace} and {@code remove} on a Jackson tree, with RFC 6901 pointers
 * ({@code ~1} for '/', {@code ~0} for '~', {@code -} for the end of an array). A path that does not exist is an
 * error naming the resource, as kustomize makes it, so a patch cannot drift away from its base unnoticed.
 */
final class JsonPatch {

    private JsonPatch() {
    }

    static void apply(JsonNode doc, JsonNode op, String what) {
        String kind = op.path("op").asText();
        List<String> path = pointer(op.path("path").asText(), what);
        JsonNode parent = doc;
        for (String token : path.subList(0, path.size() - 1)) {
            parent = child(parent, token);
            if (parent == null) {
                throw new IllegalArgumentException(what + ": patch path " + op.get("path") + " does not exist");
            }
        }
        String last = path.get(path.size() - 1);
        switch (kind) {
            case "add" -> set(parent, last, op.get("value").deepCopy(), true, what, op);
            case "replace" -> {
                if (child(parent, last) == null) {
                    throw new IllegalArgumentException(what + ": replace of missing " + op.get("path"));
                }
                set(parent, last, op.get("value").deepCopy(), false, what, op);
            }
            case "remove" -> {
                if (child(parent, last) == null) {
                    throw new IllegalArgumentException(what + ": remove of missing " + op.get("path"));
                }
                if (parent instanceof ObjectNode o) {
                    o.remove(last);
                } else {
                    ((ArrayNode) parent).remove(Integer.parseInt(last));
                }
            }
            default -> throw new IllegalArgumentException(what + ": patch op '" + kind
                    + "' unsupported, expected add, replace or remove");
        }
    }

    private static void set(JsonNode parent, String token, JsonNode value, boolean insert, String what, JsonNode op) {
        if (parent instanceof ObjectNode o) {
            o.set(token, value);
        } else if (parent instanceof ArrayNode a) {
            int i = token.equals("-") ? a.size() : Integer.parseInt(token);
            if (insert) {
                a.insert(i, value);
            } else {
                a.set(i, value);
            }
        } else {
            throw new IllegalArgumentException(what + ": patch path " + op.get("path") + " goes through a scalar");
        }
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node.isObject()) {
            return node.get(token);
        }
        if (node.isArray() && token.matches("\\d+")) {
            int i = Integer.parseInt(token);
            return i < node.size() ? node.get(i) : null;
        }
        return null;
    }

    private static List<String> pointer(String path, String what) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(what + ": patch path '" + path + "' must start with '/'");
        }
        List<String> tokens = new ArrayList<>();
        for (String t : path.substring(1).split("/", -1)) {
            tokens.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }
}
