package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.TableId;

/**
 * A stage that keeps some values from ever leaving the pipeline in plaintext (field encryption). The
 * runtime consults it before writing a dead-letter record: an event of a table it {@link #covers} that
 * was rejected before this stage did its work (the reader could not convert the record, a transform or
 * this stage itself rejected it) is dead-lettered with neither key nor value, only the reason, table
 * and source position. Events rejected after it (a later stage, the encoder, the sink) already carry
 * what it wrote.
 */
public interface ProtectingStage extends Stage {

    /** Whether events of {@code table} may carry values this stage protects. */
    boolean covers(TableId table);
}
