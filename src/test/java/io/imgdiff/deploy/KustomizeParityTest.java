package io.imgdiff.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imgdiff.testing.NodeTool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our small renderer against the real kustomize (kubectl's built-in {@code kubectl kustomize}) where kubectl is
 * installed: the same resources, field for field. Build machines in CI have no kubectl, so there this is skipped;
 * a developer machine that has one keeps the renderer honest.
 */
class KustomizeParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu"})
    void sameOutputAsKubectlKustomize(String overlay) throws Exception {
        Assumptions.assumeTrue(NodeTool.onPath("kubectl"), "kubectl not on PATH: parity with kustomize not checked");
        Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
        Process p = new ProcessBuilder("kubectl", "kustomize", "k8s/overlays/" + overlay)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
        assertEquals(0, p.exitValue(), "kubectl kustomize failed");
        Map<String, ObjectNode> theirs = Kustomize.byId(Kustomize.read(out).stream().map(d -> (ObjectNode) d).toList());
        Map<String, ObjectNode> ours = Kustomize.byId(Kustomize.build(Path.of("k8s/overlays", overlay)));
        assertEquals(theirs.keySet(), ours.keySet());
        for (String id : theirs.keySet()) {
            assertEquals(theirs.get(id), ours.get(id), id);
        }
        Files.delete(out);
    }
}
