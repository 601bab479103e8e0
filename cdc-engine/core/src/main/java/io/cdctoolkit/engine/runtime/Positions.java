package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.SourcePosition;

/** Position text for logs and errors. */
final class Positions {

    private Positions() {
    }

    /** {@code position lsn=42}, or {@code no position}. */
    static String describe(SourcePosition position) {
        return position == null ? "no position" : "position " + position.describe();
    }
}
