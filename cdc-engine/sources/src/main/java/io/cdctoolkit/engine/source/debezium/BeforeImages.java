package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.TableId;

/**
 * Looks up the {@link BeforeImage} of a table. Asked once per table version (each new Debezium
 * schema of a table), from the converting thread, never per event.
 */
@FunctionalInterface
public interface BeforeImages extends AutoCloseable {

    /** Every table's before images are full (the binlog and SQL Server readers, whose checks require it). */
    BeforeImages ALL_FULL = table -> BeforeImage.FULL;

    /**
     * The before image of {@code table} as the database writes it now.
     *
     * @throws IllegalStateException when it cannot be determined (the reader then stops rather than guess)
     */
    BeforeImage of(TableId table);

    /** Releases what the lookups hold (a connection); a later lookup may take it again. Nothing by default. */
    @Override
    default void close() {
    }
}
