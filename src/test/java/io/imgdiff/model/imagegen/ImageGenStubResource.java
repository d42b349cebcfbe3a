package io.imgdiff.model.imagegen;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts an {@link ImageGenStub} with key {@value #KEY} that draws procedural pairs, and points
 * {@code imgdiff.models.imagegen.*} at it.
 */
public class ImageGenStubResource implements QuarkusTestResourceLifecycleManager {

    static final String KEY = "sk-imagegen-e2e";

    private static volatile ImageGenStub stub;

    /** The running stub, for assertions on what it received. */
    static ImageGenStub stub() {
        return stub;
    }

    @Override
    public Map<String, String> start() {
        stub = ImageGenStub.start(KEY);
        return Map.of(
                "imgdiff.models.imagegen.base-url", stub.baseUrl(),
                "imgdiff.models.imagegen.api-key", KEY,
                "imgdiff.models.imagegen.retry-backoff", "10ms",
                "imgdiff.models.imagegen.max-retries", "2");
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
