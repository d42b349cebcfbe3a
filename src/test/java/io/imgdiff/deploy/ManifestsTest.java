package io.imgdiff.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.StreamKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the schemas cannot see: the rendered overlays hang together and agree with the code. KEDA watches the
 * streams and consumer group StreamKeys builds, at the Redis address the workers use; every stage is served by
 * exactly one pool; selectors select their pods; every referenced ConfigMap, Secret and volume exists; pods are
 * non-root with read-only root filesystems. Runs without node.
 */
class ManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu"})
    void kedaWatchesTheStreamsAndRedisTheWorkersUse(String overlay) {
        Map<String, ObjectNode> docs = render(overlay);
        JsonNode config = one(docs, "ConfigMap", "imgdiff-config").get("data");
        StreamKeys keys = new StreamKeys(config.get("IMGDIFF_QUEUE_KEY_PREFIX").asText());
        URI redis = URI.create(config.get("QUARKUS_REDIS_HOSTS").asText());
        Set<StageName> served = EnumSet.noneOf(StageName.class);
        for (ObjectNode scaler : kinds(docs, "ScaledObject", "ScaledJob")) {
            String name = scaler.at("/metadata/name").asText();
            JsonNode pod = scaler.path("kind").asText().equals("ScaledJob") ? scaler.at("/spec/jobTargetRef/template")
                    : one(docs, "Deployment", scaler.at("/spec/scaleTargetRef/name").asText()).at("/spec/template");
            StageName stage = StageName.of(argAfter(pod.at("/spec/containers/0/args"), "--stages"));
            assertTrue(served.add(stage), "stage " + stage + " served by two pools, again by " + name);
            assertEquals(0, scaler.at("/spec/minReplicaCount").asInt(0), name + " must scale to zero");
            assertFalse(scaler.at("/spec/triggers").isEmpty(), name + " has no triggers");
            for (JsonNode t : scaler.at("/spec/triggers")) {
                JsonNode m = t.get("metadata");
                assertEquals("redis-streams", t.get("type").asText(), name);
                assertEquals(keys.stream(stage), m.get("stream").asText(), name + " watches the wrong stream");
                assertEquals(config.get("IMGDIFF_QUEUE_GROUP").asText(), m.get("consumerGroup").asText(), name);
                assertEquals(redis.getHost() + ":" + redis.getPort(), m.get("address").asText(),
                        name + ": KEDA's address differs from QUARKUS_REDIS_HOSTS");
                assertTrue(m.has("lagCount") || m.has("pendingEntriesCount"), name + ": lag or pending expected");
                one(docs, "TriggerAuthentication", t.at("/authenticationRef/name").asText());
            }
        }
        assertEquals(EnumSet.allOf(StageName.class), served, "every stage needs a pool");
        assertTrue(argsOf(one(docs, "ScaledJob", "imgdiff-burst-generate")
                .at("/spec/jobTargetRef/template/spec/containers/0/args")).contains("--burst"), "burst Jobs must exit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "gpu"})
    void podsAreHardenedAndEveryReferenceResolves(String overlay) {
        Map<String, ObjectNode> docs = render(overlay);
        for (ObjectNode d : docs.values()) {
            JsonNode pod = podTemplate(d);
            if (pod == null) {
                continue;
            }
            String what = Kustomize.id(d);
            assertTrue(pod.at("/spec/securityContext/runAsNonRoot").asBoolean(), what + ": runAsNonRoot");
            Set<String> volumes = new HashSet<>();
            pod.at("/spec/volumes").forEach(v -> volumes.add(v.get("name").asText()));
            d.at("/spec/volumeClaimTemplates").forEach(v -> volumes.add(v.at("/metadata/name").asText()));
            for (JsonNode c : pod.at("/spec/containers")) {
                String cw = what + " container " + c.get("name").asText();
                assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean(), cw + ": read-only root fs");
                assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true), cw);
                assertTrue(c.at("/resources/requests").has("memory"), cw + ": memory request");
                c.path("volumeMounts").forEach(m -> assertTrue(volumes.contains(m.get("name").asText()),
                        cw + ": mounts undeclared volume " + m.get("name")));
                c.path("envFrom").forEach(e -> one(docs, e.has("secretRef") ? "Secret" : "ConfigMap",
                        (e.has("secretRef") ? e.get("secretRef") : e.get("configMapRef")).get("name").asText()));
                c.path("env").forEach(e -> {
                    if (e.has("valueFrom")) {
                        JsonNode ref = e.at("/valueFrom/secretKeyRef");
                        assertTrue(one(docs, "Secret", ref.get("name").asText()).get("stringData")
                                .has(ref.get("key").asText()), cw + ": no key " + ref);
                    }
                });
            }
            JsonNode selector = d.at("/spec/selector/matchLabels");
            selector.fields().forEachRemaining(e -> assertEquals(e.getValue(), pod.at("/metadata/labels").get(e.getKey()),
                    what + ": selector does not select its own pods"));
        }
        for (ObjectNode pdb : kinds(docs, "PodDisruptionBudget")) {
            assertTrue(docs.values().stream().map(ManifestsTest::podTemplate).anyMatch(p -> p != null
                    && matches(pdb.at("/spec/selector/matchLabels"), p.at("/metadata/labels"))),
                    Kustomize.id(pdb) + " selects no pods");
        }
    }

    @Test
    void devRunsItsOwnRedisWithAofAndS3OnCpuOnly() {
        Map<String, ObjectNode> docs = render("dev");
        JsonNode redis = one(docs, "StatefulSet", "redis");
        List<String> args = argsOf(redis.at("/spec/template/spec/containers/0/args"));
        assertEquals("yes", args.get(args.indexOf("--appendonly") + 1), "AOF on");
        one(docs, "Service", "redis");
        one(docs, "Service", URI.create(one(docs, "ConfigMap", "imgdiff-config").at("/data/IMGDIFF_STORE_S3_ENDPOINT")
                .asText()).getHost());
        assertFalse(Kustomize.toYaml(List.copyOf(docs.values())).contains("nvidia.com/gpu"), "dev is CPU-only");
        docs.values().forEach(d -> assertEquals("imgdiff-dev", d.at("/metadata/namespace").asText(), Kustomize.id(d)));
    }

    @Test
    void gpuPutsDetectOnGpuNodes() {
        Map<String, ObjectNode> docs = render("gpu");
        JsonNode pod = one(docs, "Deployment", "imgdiff-worker-detect").at("/spec/template/spec");
        assertEquals(1, pod.at("/containers/0/resources/limits/nvidia.com~1gpu").asInt());
        assertEquals("nvidia.com/gpu", pod.at("/tolerations/0/key").asText());
        assertEquals("true", pod.at("/nodeSelector/nvidia.com~1gpu.present").asText());
        assertTrue(pod.at("/containers/0/image").asText().startsWith("registry.example.com/imgdiff:"));
        assertTrue(one(docs, "ConfigMap", "imgdiff-grafana-dashboard").at("/data/imgdiff-dashboard.json").asText()
                .contains("imgdiff_stream_lag"));
        one(docs, "PodMonitor", "imgdiff");
    }

    @Test
    void theRendererRefusesWhatItDoesNotImplement() {
        ObjectNode d = Kustomize.YAML.createObjectNode();
        d.putObject("spec").put("replicas", 1);
        var err = assertThrows(IllegalArgumentException.class, () -> JsonPatch.apply(d,
                Kustomize.YAML.createObjectNode().put("op", "replace").put("path", "/spec/replica").put("value", 2),
                "Deployment/x"));
        assertTrue(err.getMessage().contains("replace of missing \"/spec/replica\""), err.getMessage());
        JsonPatch.apply(d, Kustomize.YAML.createObjectNode().put("op", "add").put("path", "/spec/a~1b").put("value", 3),
                "Deployment/x");
        assertEquals(3, d.at("/spec/a~1b").asInt());
    }

    static Map<String, ObjectNode> render(String overlay) {
        return Kustomize.byId(Kustomize.build(Path.of("k8s/overlays", overlay)));
    }

    private static JsonNode podTemplate(JsonNode d) {
        return switch (d.path("kind").asText()) {
            case "Deployment", "StatefulSet", "Job" -> d.at("/spec/template");
            case "ScaledJob" -> d.at("/spec/jobTargetRef/template");
            default -> null;
        };
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        var it = selector.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode one(Map<String, ObjectNode> docs, String kind, String name) {
        List<ObjectNode> hits = docs.values().stream().filter(d -> d.path("kind").asText().equals(kind)
                && d.at("/metadata/name").asText().equals(name)).toList();
        assertEquals(1, hits.size(), "expected one " + kind + " named '" + name + "', found " + hits.size());
        return hits.get(0);
    }

    private static List<ObjectNode> kinds(Map<String, ObjectNode> docs, String... kinds) {
        Set<String> k = Set.of(kinds);
        return docs.values().stream().filter(d -> k.contains(d.path("kind").asText())).toList();
    }

    private static List<String> argsOf(JsonNode args) {
        return StreamSupport.stream(args.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String argAfter(JsonNode args, String flag) {
        List<String> a = argsOf(args);
        int i = a.indexOf(flag);
        assertTrue(i >= 0 && i + 1 < a.size(), "no " + flag + " in " + a);
        return a.get(i + 1);
    }
}
