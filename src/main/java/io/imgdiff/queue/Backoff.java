package io.imgdiff.queue;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Retry delay after failed attempt {@code n} (1-based): {@code cap = min(max, base * 2^(n-1))}, then full jitter,
 * {@code delay = floor(u * cap)} with {@code u} uniform in [0, 1). Full jitter spreads the retries of a burst of
 * failures (say, a model server that went down) instead of sending them all back at the same instant.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final DoubleSupplier random;

    public Backoff(Duration base, Duration max, DoubleSupplier random) {
        if (base.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("backoff base and max must be >= 0, got base " + base + ", max " + max);
        }
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** The capped exponential delay before jitter. */
    public long capMillis(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
        long maxMs = max.toMillis();
        // past 2^62 the shift overflows; any such exponent is far beyond every sane cap anyway
        int shift = Math.min(attempt - 1, 62);
        long baseMs = base.toMillis();
        if (baseMs > 0 && baseMs > (maxMs >> shift)) {
            return maxMs;
        }
        return Math.min(maxMs, baseMs << shift);
    }

    /** The jittered delay in milliseconds, in [0, {@link #capMillis}). */
    public long delayMillis(int attempt) {
        return (long) Math.floor(random.getAsDouble() * capMillis(attempt));
    }
}
