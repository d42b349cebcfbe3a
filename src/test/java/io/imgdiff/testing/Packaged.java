package io.imgdiff.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Tests of what {@code mvn package} makes: they skip, saying why, when it has not run (unless told not to). */
public final class Packaged {

    /** The packaged application, {@code target/quarkus-app/quarkus-run.jar}. */
    public static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");

    private Packaged() {
    }

    /** {@code p}, or the test is skipped when it is missing; {@code IMGDIFF_REQUIRE_PACKAGE=1} fails instead. */
    public static Path require(Path p) {
        if (!Files.exists(p)) {
            String why = p + " missing: run `mvn package` (and the native sources-only package) first";
            if ("1".equals(System.getenv("IMGDIFF_REQUIRE_PACKAGE"))) {
                throw new AssertionError(why + "; IMGDIFF_REQUIRE_PACKAGE=1 forbids skipping");
            }
            System.out.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        return p;
    }
}
