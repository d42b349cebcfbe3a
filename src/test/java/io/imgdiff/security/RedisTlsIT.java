package io.imgdiff.security;

import io.imgdiff.testing.RedisServerResource;
import io.imgdiff.testing.RequiresTlsRedis;
import io.imgdiff.testing.SecureRedisProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code rediss://} with the test CA as trust store (hostname verified) and a password: the whole pipeline runs. */
@RequiresTlsRedis
@QuarkusTest
@TestProfile(SecureRedisProfile.Tls.class)
class RedisTlsIT {

    @Test
    void tlsClientSubmitsAndWorksEveryStage() {
        SecureRedisChecks.submitAndWork("tls-run");
        SecureRedisChecks.apiReadsAndReady("tls-run");
    }

    @Test
    void serverSpeaksOnlyTls() throws IOException {
        // a plain-text PING on the same port gets no +PONG: the client above really talked TLS
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), RedisServerResource.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] reply = new byte[64];
            int n;
            try {
                n = in.read(reply);
            } catch (IOException closed) {
                n = -1;
            }
            String got = n <= 0 ? "" : new String(reply, 0, n, StandardCharsets.ISO_8859_1);
            assertFalse(got.contains("PONG"), "plain text was answered: " + got);
        }
    }
}
