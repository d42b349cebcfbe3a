package io.imgdiff.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imgdiff.testing.NodeTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rendered overlay validated against the Kubernetes, KEDA and Prometheus Operator schemas (npm
 * kubernetes-models, through src/test/node/validate-manifests.mjs); and the same validator shown to fail on one
 * broken field, so a green run means the schemas really were applied. The rendered YAML stays in target/k8s/.
 */
class ManifestSchemaTest {

    private static final Path OUT = Path.of("target/k8s");

    @BeforeEach
    void needsNode() {
        NodeTool.require("kubernetes-models", "@kubernetes-models/keda", "@kubernetes-models/prometheus-operator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu"})
    void everyRenderedManifestIsValid(String overlay) throws Exception {
        List<ObjectNode> docs = Kustomize.build(Path.of("k8s/overlays", overlay));
        NodeTool.Result r = validate(overlay, docs);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains(docs.size() + " valid, 0 invalid"), r.output());
    }

    @Test
    void aBrokenFieldFailsValidation() throws Exception {
        assertInvalid("replicas-as-text", "Deployment", "imgdiff-api", "/spec/replicas must be integer",
                d -> ((ObjectNode) d.get("spec")).put("replicas", "one"));
        assertInvalid("keda-trigger-number", "ScaledObject", "imgdiff-worker-detect", "/spec/triggers/0/metadata/lagCount must be string",
                d -> ((ObjectNode) d.at("/spec/triggers/0/metadata")).put("lagCount", 32));
        assertInvalid("job-without-template", "ScaledJob", "imgdiff-burst-generate", "jobTargetRef must have required property template",
                d -> ((ObjectNode) d.at("/spec/jobTargetRef")).remove("template"));
        assertInvalid("container-without-name", "Deployment", "imgdiff-worker-edit", "containers/0 must have required property name",
                d -> ((ObjectNode) d.at("/spec/template/spec/containers/0")).remove("name"));
    }

    @Test
    void anUnknownKindIsAnErrorNotAPass() throws Exception {
        ObjectNode odd = Kustomize.YAML.createObjectNode().put("apiVersion", "keda.sh/v1alpha1").put("kind", "ScaledThing");
        odd.putObject("metadata").put("name", "x");
        NodeTool.Result r = validate("unknown-kind", List.of(odd));
        assertEquals(1, r.exitCode(), r.output());
        assertTrue(r.output().contains("no schema for apiVersion keda.sh/v1alpha1 kind ScaledThing"), r.output());
    }

    /** Breaks {@code kind/name} in the dev overlay and expects {@code message} from the validator. */
    private static void assertInvalid(String label, String kind, String name, String message,
                                      Consumer<ObjectNode> breakIt) throws Exception {
        List<ObjectNode> docs = Kustomize.build(Path.of("k8s/overlays/dev"));
        ObjectNode target = docs.stream().filter(d -> d.at("/metadata/name").asText().equals(name)
                && d.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no resource " + kind + "/" + name));
        breakIt.accept(target);
        NodeTool.Result r = validate("broken-" + label, docs);
        assertEquals(1, r.exitCode(), label + ": the validator accepted a broken manifest:\n" + r.output());
        assertTrue(r.output().contains(message), label + ": expected '" + message + "' in:\n" + r.output());
        assertTrue(r.output().contains(docs.size() - 1 + " valid, 1 invalid"), r.output());
    }

    private static NodeTool.Result validate(String label, List<ObjectNode> docs) throws Exception {
        Files.createDirectories(OUT);
        Path json = OUT.resolve(label + ".json").toAbsolutePath();
        Kustomize.write(docs, OUT.resolve(label + ".yaml"), json);
        return NodeTool.run(120, Map.of(), "validate-manifests.mjs", json.toString());
    }
}
