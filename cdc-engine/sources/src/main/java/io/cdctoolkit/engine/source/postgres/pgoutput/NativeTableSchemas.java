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
     * The schemas of {@code table}, on a connection whose output styles are set ({@link #prepare}), with the
     * publication already read (many tables are read on one connection).
     *
     * @param sourceName        the source's logical name as the reader uses it ({@link NativeSettings#sourceName()})
     * @param published         what the source's publication sends (its columns are the snapshot's)
     * @param topics            the topic of each table
     * @param transactionBlocks whether envelopes carry the transaction block ({@code transaction_metadata})
     * @throws io.cdctoolkit.engine.spi.FatalException when the native engine cannot read a column of the table
     */
    public static TableSchemas of(Connection sql, String sourceName, PublishedTables published, ColumnFilters filters,
                                  Function<TableId, String> topics, boolean transactionBlocks, TableId table)
            throws SQLException {
        RelationPlan plan = new RelationPlans(sourceName, new TableCatalog(sql), filters, topics, transactionBlocks)
                .forTable(table, published);
        return new TableSchemas(table, plan.topic(), plan.keySchema(), plan.envelopeSchema());
    }

    /** Sets the connection's output styles as the reader's sessions set them (column defaults' text). */
    public static void prepare(Connection sql) throws SQLException {
        OutputStyles.set(sql);
    }
}
