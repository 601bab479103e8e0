package io.cdctoolkit.engine.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition another thread makes true, with a generous timeout (never a timing assertion). */
public final class Await {

    /** Long enough for a loaded CI machine; a condition that holds returns at once. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Await() {
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@link #TIMEOUT}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    /** As {@link #until(String, BooleanSupplier)}, adding {@code state} to the failure message. */
    public static void until(String what, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what
                        + "; state: " + state.get());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
