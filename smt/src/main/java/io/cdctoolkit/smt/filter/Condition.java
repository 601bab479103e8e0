package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.data.ChangeEvent;

/** A compiled node of a filter expression, evaluated per event without allocating. */
interface Condition {

    Truth evaluate(ChangeEvent event);
}
