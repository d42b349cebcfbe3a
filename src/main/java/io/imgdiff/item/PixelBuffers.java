package io.imgdiff.item;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reuse of decoded pixel arrays from one job to the next on the same thread. A 1024² RGB image is 3 MiB, and the JVM
 * zeroes every new array before the decoder overwrites it: two images per pair cost ~0.8 ms of a ~9 ms internal-format
 * pair (BENCHMARKS.md). Inside a {@link #scope()} the decoders take their output arrays from this thread's free list;
 * closing the scope gives them back. Outside a scope {@link #take} is plain {@code new byte[n]}, so code that keeps its
 * images (exports, the web API, tests) never sees a recycled array.
 * <p>
 * The contract of a scope: no image decoded inside it is used after it closes. A stage opens one around work whose
 * images end with the job (the detect stage: its output is boxes and scores, no pixels).
 */
public final class PixelBuffers {

    /** Arrays a thread keeps between scopes: what one detect job takes (two images, five working arrays), and spares. */
    static final int KEEP = 10;
    /** Bytes a thread keeps at most (four 2048² images): larger images are allocated and dropped as before. */
    static final long KEEP_BYTES = 4L * 2048 * 2048 * 3;

    private static final ThreadLocal<ArrayDeque<byte[]>> FREE = ThreadLocal.withInitial(ArrayDeque::new);
    private static final ThreadLocal<Scope> OPEN = new ThreadLocal<>();

    private PixelBuffers() {
    }

    /** The arrays taken while it is open go back to this thread's free list when it closes. */
    public static final class Scope implements AutoCloseable {
        private final Scope outer;
        private final List<byte[]> taken = new ArrayList<>(2);
        private boolean closed;

        private Scope(Scope outer) {
            this.outer = outer;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (OPEN.get() == this) {
                OPEN.set(outer);
            }
            ArrayDeque<byte[]> free = FREE.get();
            for (byte[] a : taken) {
                giveBack(free, a);
            }
            taken.clear();
        }
    }

    /** Opens a scope on this thread (scopes nest: an inner one gives back only what it took). */
    public static Scope scope() {
        Scope s = new Scope(OPEN.get());
        OPEN.set(s);
        return s;
    }

    /**
     * An array of exactly {@code n} bytes for a decoder that overwrites all of them (or throws): a recycled one of this
     * thread when a scope is open and one fits, else a new one. Its content is undefined.
     */
    public static byte[] take(int n) {
        Scope s = OPEN.get();
        if (s == null) {
            return new byte[n];
        }
        byte[] a = null;
        for (Iterator<byte[]> it = FREE.get().iterator(); it.hasNext(); ) {
            byte[] f = it.next();
            if (f.length == n) {
                it.remove();
                a = f;
                break;
            }
        }
        if (a == null) {
            a = new byte[n];
        }
        s.taken.add(a);
        return a;
    }

    /** Newest first; the oldest go when more than {@link #KEEP} arrays or {@link #KEEP_BYTES} would be kept. */
    private static void giveBack(ArrayDeque<byte[]> free, byte[] a) {
        if (a.length > KEEP_BYTES) {
            return;
        }
        free.addFirst(a);
        long bytes = 0;
        for (byte[] f : free) {
            bytes += f.length;
        }
        while (free.size() > KEEP || bytes > KEEP_BYTES) {
            bytes -= free.removeLast().length;
        }
    }

    /** Arrays this thread keeps now (tests). */
    static int kept() {
        return FREE.get().size();
    }
}
