package io.imgdiff.cli;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code imgdiff api}: serves only the REST API and gallery (no stages), until SIGTERM. */
@Command(name = "api", description = "Serve the REST API, gallery, /q/health and /q/metrics without processing jobs.")
class ApiCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Quarkus.waitForExit();
        return 0;
    }
}
