package io.imgdiff.compute;

import io.imgdiff.compute.cuda.Cuda;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;

/**
 * Decides once per JVM whether a CUDA device can be used: loads JavaCPP's cudart bindings (which need
 * {@code libcuda.so.1} and {@code libcudart.so.13}), then {@code cuInit(0)} and {@code cuDeviceGetCount}. Every
 * step is inside try/catch(Throwable): with no driver the first use throws {@link UnsatisfiedLinkError} and every
 * later use {@link NoClassDefFoundError}, so the verdict is cached and the class is never touched after a failure.
 * After a failed {@code cuInit} no other driver function is called either: a stub driver may lack them, and an
 * unresolved lazy symbol ends the JVM.
 */
public final class DeviceProbe {

    /** The probe's verdict: {@code usable} with a device count and name, or a one-line {@code reason}. */
    public record Verdict(boolean usable, String reason, int devices) {
    }

    private static Verdict cached;

    private DeviceProbe() {
    }

    /** The cached verdict; the first call probes (about 0.1 s without a driver). */
    public static synchronized Verdict probe() {
        if (cached == null) {
            cached = run();
        }
        return cached;
    }

    private static Verdict run() {
        try {
            Loader.load(cudart.class);
        } catch (Throwable t) {
            String msg = messages(t);
            if (msg.contains("libcuda.so")) {
                return new Verdict(false, "no CUDA driver (libcuda.so.1 not loadable)", 0);
            }
            if (msg.contains("libcudart")) {
                return new Verdict(false, "no CUDA 13 runtime (libcudart.so.13 not loadable)", 0);
            }
            return new Verdict(false, "CUDA bindings failed to load: " + t.getClass().getSimpleName() + ": "
                    + firstLine(msg), 0);
        }
        try {
            int rc = cudart.cuInit(0);
            if (rc == 100 || rc == 34) {
                return new Verdict(false, "no CUDA device (cuInit: " + Cuda.name(rc) + ", " + rc + ")", 0);
            }
            if (rc != 0) {
                return new Verdict(false, "CUDA driver failed to initialise (cuInit: " + Cuda.name(rc) + ", " + rc
                        + ")", 0);
            }
            int[] count = new int[1];
            rc = cudart.cuDeviceGetCount(count);
            if (rc != 0 || count[0] == 0) {
                return new Verdict(false, "no CUDA device (cuDeviceGetCount: " + Cuda.name(rc) + ", count "
                        + count[0] + ")", 0);
            }
            return new Verdict(true, count[0] + " CUDA device(s)", count[0]);
        } catch (Throwable t) {
            return new Verdict(false, "CUDA probe failed: " + t.getClass().getSimpleName() + ": "
                    + firstLine(String.valueOf(t.getMessage())), 0);
        }
    }

    /** All messages of {@code t}, its causes and suppressed throwables: JavaCPP puts the dlopen error there. */
    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>(java.util.List.of(t));
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Throwable x = todo.pop();
            if (seen.add(x)) {
                sb.append(x.getMessage()).append('\n');
                if (x.getCause() != null) {
                    todo.add(x.getCause());
                }
                todo.addAll(java.util.Arrays.asList(x.getSuppressed()));
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Prints the verdict as one line, {@code cuda: usable: ...} or {@code cuda: unavailable: ...}; for scripts. */
    public static void main(String[] args) {
        Verdict v = probe();
        System.out.println("cuda: " + (v.usable() ? "usable: " : "unavailable: ") + v.reason());
    }
}
