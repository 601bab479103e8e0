package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.TableId;

/**
 * A stage that keeps some values from ever leaving the pipeline in plaintext (field encryption). The
 * runtime consults it before writing a dead-letter record: an event rejected <em>before</em> this stage
 * ran is passed through {@link #apply} first, so its dead-letter record carries the values as this
 * stage would have written them; when that is impossible (this stage itself rejected the event, or the
 * event is a source record the reader could not convert), the dead-letter record carries neither key
 * nor value, only the reason.
 */
public interface ProtectingStage extends Stage {

    /** Whether events of {@code table} may carry values this stage protects. */
    boolean covers(TableId table);
}
