package io.cdctoolkit.engine.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count that one thread (the pipeline's) adds to and any thread reads (a scrape, a status line). Opaque
 * access keeps the 64-bit value whole and makes each write visible soon, without the fence a volatile
 * write or an atomic add costs on every event.
 */
final class SingleWriterCount {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(SingleWriterCount.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    /** Adds one; the owning thread only. */
    void increment() {
        VALUE.setOpaque(this, (long) VALUE.getOpaque(this) + 1);
    }

    /** The count now, from any thread. */
    long get() {
        return (long) VALUE.getOpaque(this);
    }
}
