package io.imgdiff.worker;

import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT of a worker process. {@code ImgdiffMain} installs the handlers before Quarkus starts: with the
 * JVM's own handler, a SIGTERM during start-up began the JVM's shutdown, whose Quarkus hook then waited for the
 * command to return, while the command went on to run its loop forever. Now a signal stops the running loop
 * (which drains), or, when none runs yet, is kept and stops the loop as soon as it is registered.
 */
public final class StopSignals {

    private static final Logger LOG = Logger.getLogger(StopSignals.class);

    private static boolean installed;
    private static Runnable stop;
    private static String pending;

    private StopSignals() {
    }

    /** Takes over SIGTERM and SIGINT for this process; idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        for (String sig : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(sig), s -> received("SIG" + sig));
            } catch (IllegalArgumentException e) {
                LOG.debugf("cannot handle SIG%s here: %s", sig, e.getMessage());
            }
        }
        installed = true;
    }

    /** {@code action} runs on the next signal, or at once (on its own thread) if one came before. */
    static synchronized void onStop(Runnable action) {
        if (pending != null) {
            LOG.infof("%s came while the worker was starting: stopping at once", pending);
            pending = null;
            start(action);
        } else {
            stop = action;
        }
    }

    /** Forgets {@code action} once its loop returned. */
    static synchronized void clear(Runnable action) {
        if (stop == action) {
            stop = null;
        }
    }

    private static synchronized void received(String sig) {
        if (stop == null) {
            pending = sig; // still starting: the loop stops as soon as it exists
            return;
        }
        LOG.infof("%s: stopping; in-flight jobs finish or are released", sig);
        start(stop);
    }

    private static void start(Runnable action) {
        // never block the signal dispatcher: stopping waits for the drain
        new Thread(action, "imgdiff-stop").start();
    }
}
