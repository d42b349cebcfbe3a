package io.imgdiff.security;

import io.imgdiff.testing.S3ProxyResource;
import io.imgdiff.testing.SecureRedisProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every secret imgdiff takes, set at once: a Redis password, the API token, the S3 secret key (S3Proxy) and an
 * OpenAI key (sent to {@link EchoingModelServer}); logs also go to a file, at DEBUG for imgdiff, to be searched.
 */
public class SecretsProfile extends SecureRedisProfile {

    static final String API_TOKEN = "api-token-leak-check-61d0";
    static final String OPENAI_KEY = "sk-openai-leak-check-93af";
    static final String LOG = "target/secret-leak/imgdiff.log";

    public SecretsProfile() {
        super(Map.of("mode", "password"));
    }

    @Override
    protected Map<String, String> extraOverrides() {
        return Map.of("imgdiff.api.token", API_TOKEN, "imgdiff.models.openai.api-key", OPENAI_KEY,
                "imgdiff.queue.max-attempts", "2",
                "quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG,
                "quarkus.log.file.format", "%d{HH:mm:ss.SSS} %-5p [%c] %s%e%n",
                "quarkus.log.category.\"io.imgdiff\".level", "DEBUG");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        List<TestResourceEntry> all = new ArrayList<>(super.testResources());
        all.add(new TestResourceEntry(S3ProxyResource.class));
        all.add(new TestResourceEntry(EchoingModelServer.class));
        return all;
    }
}
