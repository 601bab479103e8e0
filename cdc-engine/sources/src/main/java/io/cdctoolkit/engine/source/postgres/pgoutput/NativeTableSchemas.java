package io.cdctoolkit.engine.source.postgres.pgoutput;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.ColumnFilters;
import io.cdctoolkit.engine.spi.TableSchemas;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * The key and value schemas {@code engine: native} gives a table's events now, from the catalog alone (no slot, no
 * publication): the plan its snapshot reads the table with, which its stream's Relation messages rebuild for the same
 * table version ({@code schema derive}/{@code check}).
 */
public final class NativeTableSchemas {

    private NativeTableSchemas() {
    }

    /**
     * @param sourceName        the source's logical name as the reader uses it ({@link NativeSettings#sourceName()})
     * @param publication       the source's publication (its columns are the snapshot's, {@link PublishedTables})
     * @param topics            the topic of each table
     * @param transactionBlocks whether envelopes carry the transaction block ({@code transaction_metadata})
     * @throws io.cdctoolkit.engine.spi.FatalException when the native engine cannot read a column of the table
     */
    public static TableSchemas of(Connection sql, String sourceName, String publication, ColumnFilters filters,
                                  Function<TableId, String> topics, boolean transactionBlocks, TableId table)
            throws SQLException {
        OutputStyles.set(sql); // column defaults' text as the reader's sessions write it
        RelationPlan plan = new RelationPlans(sourceName, new TableCatalog(sql), filters, topics, transactionBlocks)
                .forTable(table, PublishedTables.read(sql, publication));
        return new TableSchemas(table, plan.topic(), plan.keySchema(), plan.envelopeSchema());
    }
}
