package io.imgdiff.stage.export;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs tasks on a small pool and hands their results to {@code sink} on the submitting thread, in submission order.
 * At most two tasks per thread are in flight: {@link #submit} waits for the oldest beyond that, so memory stays
 * bounded and a slow sink slows the submitter (no unbounded queue). With one thread every task runs inline.
 */
final class OrderedWork<T> implements AutoCloseable {

    private final ExecutorService pool;
    private final int window;
    private final Consumer<T> sink;
    private final ArrayDeque<Future<T>> inFlight = new ArrayDeque<>();

    OrderedWork(int threads, String name, Consumer<T> sink) {
        this.sink = sink;
        this.window = 2 * threads;
        if (threads <= 1) {
            this.pool = null;
            return;
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void submit(Supplier<T> task) {
        if (pool == null) {
            sink.accept(task.get());
            return;
        }
        inFlight.add(pool.submit(task::get));
        while (inFlight.size() > window) {
            sink.accept(await(inFlight.poll()));
        }
    }

    /** Hands every result still in flight to the sink. */
    void drain() {
        while (!inFlight.isEmpty()) {
            sink.accept(await(inFlight.poll()));
        }
    }

    /** Cancels what was not drained (after a failure) and stops the threads. */
    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for an export task");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
