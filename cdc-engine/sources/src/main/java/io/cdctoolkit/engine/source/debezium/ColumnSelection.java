package io.cdctoolkit.engine.source.debezium;

/** Which columns of one table enter the pipeline (the table's column filter, resolved). */
@FunctionalInterface
interface ColumnSelection {

    /** Every column. */
    ColumnSelection ALL = column -> true;

    boolean includes(String column);
}
