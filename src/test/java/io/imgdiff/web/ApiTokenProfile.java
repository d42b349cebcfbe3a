package io.imgdiff.web;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** An API token, a small body limit; reads open. {@link ProtectReads} also guards reads. */
public class ApiTokenProfile implements QuarkusTestProfile {

    static final String TOKEN = "api-test-token-9c2e51";
    /** Small enough that a test body crosses it cheaply. */
    static final int MAX_BODY = 64 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("imgdiff.api.token", TOKEN, "quarkus.http.limits.max-body-size", "64K");
    }

    /** The token for every request. */
    public static class ProtectReads extends ApiTokenProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imgdiff.api.token", TOKEN, "imgdiff.api.protect-reads", "true");
        }
    }
}
