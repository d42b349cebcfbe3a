package io.imgdiff.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedisUrlsTest {

    @Test
    void passwordsAreMaskedUsersAndHostsKept() {
        assertEquals("redis://127.0.0.1:6379", RedisUrls.redact("redis://127.0.0.1:6379"));
        assertEquals("rediss://imgdiff:***@redis:6380/0", RedisUrls.redact("rediss://imgdiff:s3cr:et@redis:6380/0"));
        assertEquals("redis://***@redis:6379", RedisUrls.redact("redis://s3cret@redis:6379"));
        assertEquals("redis://redis:6379?user=imgdiff&password=***",
                RedisUrls.redact("redis://redis:6379?user=imgdiff&password=s3cret"));
        assertEquals("redis://a:***@h1:1,redis://b:***@h2:2", RedisUrls.redact("redis://a:x@h1:1,redis://b:y@h2:2"));
    }
}
