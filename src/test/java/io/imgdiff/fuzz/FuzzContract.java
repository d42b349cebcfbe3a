package io.imgdiff.fuzz;

/**
 * The contract every fuzz target checks: a parser of outside bytes may refuse input only with its documented
 * exception type carrying a one-line-able, non-blank message; anything else escaping (NullPointerException,
 * IndexOutOfBounds, ClassCast, OutOfMemoryError, a wrong exception type…) is a finding.
 */
public final class FuzzContract {

    private FuzzContract() {
    }

    /** Fails (a finding) when {@code e} is not a refusal of type {@code allowed} with a message. */
    public static void refusal(Throwable e, Class<? extends Throwable> allowed) {
        if (!allowed.isInstance(e)) {
            throw new AssertionError("escaped " + e.getClass().getName() + " instead of " + allowed.getSimpleName(),
                    e);
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            throw new AssertionError(allowed.getSimpleName() + " without a message", e);
        }
    }
}
