package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;

import java.util.Set;

/** A compiled node of a filter expression, evaluated per event without allocating. */
interface Condition {

    /** Every truth value, for a node whose result depends on the event's fields. */
    Set<Truth> ANY = Set.of(Truth.values());

    Truth evaluate(ChangeEvent event);

    /**
     * The results the node can have for events of {@code op} on {@code table}, whatever their fields hold: one value
     * when only the event names ({@code op}, {@code table}, …) decide it, else {@link #ANY}.
     */
    Set<Truth> outcomes(Op op, TableId table);
}
