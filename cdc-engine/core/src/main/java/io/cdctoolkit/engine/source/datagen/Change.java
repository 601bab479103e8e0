package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;

import java.time.Instant;

/**
 * One generated change before it becomes a {@link io.cdctoolkit.engine.data.ChangeEvent}.
 *
 * @param seq    sequence number (0, 1, 2, …), the event's position
 * @param op     READ (not cdc_mode), or CREATE / UPDATE / DELETE
 * @param before the row's state before the change (UPDATE, DELETE), else null
 * @param after  the row's state after the change (READ, CREATE, UPDATE), else null
 * @param at     event time
 */
record Change(long seq, Op op, Row before, Row after, Instant at) {
}
