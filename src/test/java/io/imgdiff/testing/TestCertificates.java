package io.imgdiff.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate for 127.0.0.1/localhost, as PEM files, for TLS tests.
 * Made with the JDK's own {@code keytool} (always there, unlike openssl) so the tests need no crypto library; the
 * private key is written as unencrypted PKCS#8 PEM, which redis-server (OpenSSL) and Quarkus' TLS registry read.
 */
public final class TestCertificates {

    private static final String PASS = "changeit";

    /** CA certificate, server certificate (signed by the CA) and the server's private key. */
    public record Files3(Path caCert, Path serverCert, Path serverKey) {
    }

    private TestCertificates() {
    }

    /** Where {@link #create} writes the PEM files in {@code dir}. */
    public static Files3 paths(Path dir) {
        return new Files3(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
    }

    /** Writes {@code ca.crt}, {@code server.crt} and {@code server.key} into {@code dir}. */
    public static Files3 create(Path dir) {
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path csr = dir.resolve("server.csr");
        Files3 out = paths(dir);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=imgdiff test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", out.caCert().toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", server.toString());
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
                "-outfile", out.serverCert().toString(), "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth");
        writeKey(server, out.serverKey());
        return out;
    }

    private static void writeKey(Path keystore, Path pem) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASS.toCharArray());
            PrivateKey key = (PrivateKey) ks.getKey("server", PASS.toCharArray());
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test server key " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test server key from " + keystore, e);
        }
    }

    private static void keytool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS, "-noprompt"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
