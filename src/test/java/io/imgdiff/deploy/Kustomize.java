package io.imgdiff.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subset of {@code kustomize build} that k8s/ uses, so CI can render the overlays without a kustomize binary
 * (none is obtainable from Maven Central, Debian or npm on build machines). Supported: {@code resources} (files and
 * kustomization directories), {@code namespace}, {@code labels} (pairs on metadata.labels only), {@code images}
 * (newName/newTag on every {@code containers[].image} at any depth, as kustomize does), {@code patches} (inline
 * JSON 6902 add/replace/remove with a kind+name target) and {@code configMapGenerator} (files, with
 * disableNameSuffixHash). Anything else in a kustomization is refused, so a manifest never silently relies on a
 * feature this renderer ignores. {@code KustomizeParityTest} compares the output with kubectl's where it exists.
 */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final Set<String> KNOWN = Set.of("apiVersion", "kind", "resources", "namespace", "labels", "images",
            "patches", "configMapGenerator");
    /** Cluster-scoped kinds, which a namespace transformer leaves alone (only those we could meet). */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "StorageClass", "PersistentVolume", "ClusterTriggerAuthentication");

    private Kustomize() {
    }

    /** Renders the kustomization in {@code dir} into its list of resources. */
    static List<ObjectNode> build(Path dir) {
        JsonNode k = read(dir.resolve("kustomization.yaml")).get(0);
        k.fieldNames().forEachRemaining(f -> {
            if (!KNOWN.contains(f)) {
                throw new IllegalArgumentException(dir + "/kustomization.yaml: field '" + f
                        + "' is not supported by this renderer; expected one of " + KNOWN);
            }
        });
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(build(p));
            } else {
                read(p).forEach(d -> out.add((ObjectNode) d));
            }
        }
        for (JsonNode g : k.path("configMapGenerator")) {
            out.add(configMap(dir, g));
        }
        for (JsonNode l : k.path("labels")) {
            if (l.path("includeSelectors").asBoolean(false) || l.path("includeTemplates").asBoolean(false)) {
                throw new IllegalArgumentException(dir + ": labels with includeSelectors/includeTemplates unsupported");
            }
            out.forEach(o -> l.path("pairs").fields().forEachRemaining(e ->
                    labels(o).set(e.getKey(), e.getValue())));
        }
        for (JsonNode img : k.path("images")) {
            out.forEach(o -> setImages(o, img));
        }
        for (JsonNode p : k.path("patches")) {
            patch(out, p, dir);
        }
        if (k.has("namespace")) {
            out.stream().filter(o -> !CLUSTER_SCOPED.contains(o.path("kind").asText()))
                    .forEach(o -> ((ObjectNode) o.get("metadata")).put("namespace", k.get("namespace").asText()));
        }
        return out;
    }

    /** The resources as one multi-document YAML, for people and for kubectl apply. */
    static String toYaml(List<ObjectNode> docs) {
        StringBuilder s = new StringBuilder();
        for (ObjectNode d : docs) {
            try {
                s.append(s.isEmpty() ? "" : "---\n").append(YAML.writeValueAsString(d));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s.toString();
    }

    static List<JsonNode> read(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isMissingNode() && !d.isNull()) {
                    docs.add(d);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static ObjectNode configMap(Path dir, JsonNode g) {
        if (!g.path("options").path("disableNameSuffixHash").asBoolean(false)) {
            throw new IllegalArgumentException(dir + ": configMapGenerator " + g.path("name")
                    + " needs options.disableNameSuffixHash: true (name hashes are not implemented)");
        }
        ObjectNode cm = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode meta = cm.putObject("metadata").put("name", g.get("name").asText());
        if (g.path("options").has("labels")) {
            meta.set("labels", g.get("options").get("labels").deepCopy());
        }
        ObjectNode data = cm.putObject("data");
        for (JsonNode f : g.path("files")) {
            Path p = dir.resolve(f.asText());
            try {
                data.put(p.getFileName().toString(), Files.readString(p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        return cm;
    }

    private static ObjectNode labels(ObjectNode o) {
        ObjectNode meta = (ObjectNode) o.get("metadata");
        return meta.has("labels") ? (ObjectNode) meta.get("labels") : meta.putObject("labels");
    }

    /** kustomize's image transformer: every {@code containers}/{@code initContainers} list, however deep. */
    private static void setImages(JsonNode node, JsonNode img) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && e.getValue().isArray()) {
                    e.getValue().forEach(c -> retag((ObjectNode) c, img));
                } else {
                    setImages(e.getValue(), img);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> setImages(n, img));
        }
    }

    private static void retag(ObjectNode container, JsonNode img) {
        String image = container.path("image").asText();
        String name = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
        if (!name.equals(img.get("name").asText())) {
            return;
        }
        String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : null;
        String newName = img.path("newName").asText(name);
        String newTag = img.has("newTag") ? img.get("newTag").asText() : tag;
        container.put("image", newTag == null ? newName : newName + ":" + newTag);
    }

    private static void patch(List<ObjectNode> docs, JsonNode p, Path dir) {
        String kind = p.path("target").path("kind").asText();
        String name = p.path("target").path("name").asText();
        List<ObjectNode> hits = docs.stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.path("metadata").path("name").asText().equals(name)).toList();
        if (hits.size() != 1 || !p.has("patch")) {
            throw new IllegalArgumentException(dir + ": patch target " + kind + "/" + name + " matched " + hits.size()
                    + " resources (expected 1, with an inline JSON 6902 patch)");
        }
        JsonNode ops;
        try {
            ops = YAML.readTree(p.get("patch").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": patch of " + kind + "/" + name + " is not YAML", e);
        }
        for (JsonNode op : ops) {
            JsonPatch.apply(hits.get(0), op, kind + "/" + name);
        }
    }

    /** Writes each rendered document, for {@code kubectl apply -f} and for the node validator. */
    static void write(List<ObjectNode> docs, Path yaml, Path json) throws IOException {
        Files.createDirectories(yaml.getParent());
        Files.writeString(yaml, toYaml(docs));
        Files.writeString(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(docs));
    }

    /** A resource's identity in messages and comparisons. */
    static String id(JsonNode d) {
        return d.path("kind").asText() + "/" + d.path("metadata").path("namespace").asText("")
                + "/" + d.path("metadata").path("name").asText();
    }

    static Map<String, ObjectNode> byId(List<ObjectNode> docs) {
        Map<String, ObjectNode> m = new java.util.TreeMap<>();
        docs.forEach(d -> {
            if (m.put(id(d), d) != null) {
                throw new IllegalArgumentException("two resources named " + id(d));
            }
        });
        return m;
    }

    /** A new array node, for tests that build patches. */
    static ArrayNode array() {
        return YAML.createArrayNode();
    }
}
