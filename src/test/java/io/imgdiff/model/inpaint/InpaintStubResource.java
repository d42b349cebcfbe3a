package io.imgdiff.model.inpaint;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts an {@link InpaintStub} with key {@value #KEY} and points {@code imgdiff.models.inpaint.*} at it. */
public class InpaintStubResource implements QuarkusTestResourceLifecycleManager {

    static final String KEY = "sk-inpaint-e2e";

    private static volatile InpaintStub stub;

    /** The running stub, for assertions on what it received. */
    static InpaintStub stub() {
        return stub;
    }

    @Override
    public Map<String, String> start() {
        stub = InpaintStub.start(KEY);
        return Map.of(
                "imgdiff.models.inpaint.base-url", stub.baseUrl(),
                "imgdiff.models.inpaint.api-key", KEY,
                "imgdiff.models.inpaint.retry-backoff", "10ms",
                "imgdiff.models.inpaint.max-retries", "2");
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
