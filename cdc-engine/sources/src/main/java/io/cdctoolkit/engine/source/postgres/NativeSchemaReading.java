package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.ColumnFilters;
import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.postgres.pgoutput.NativeTableSchemas;
import io.cdctoolkit.engine.source.postgres.pgoutput.PublishedTables;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.DiscoveredTable;
import io.cdctoolkit.engine.spi.TableSchemaInspector;
import io.cdctoolkit.engine.spi.TableSchemas;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code engine: native}'s schemas of many tables ({@code check} and {@code topics} read every captured table's), as
 * {@link PostgresSourceFactory#tableSchemas} gives each (it reads one table through this), on one connection after one
 * look at the captured tables and the publication. Read one table at a time, each table opened three connections and
 * listed every captured table again: with a thousand tables {@code check} took minutes. The catalog is read as the
 * tables are asked for, not as of one moment (as reading them one by one did). Used by one thread.
 */
final class NativeSchemaReading implements TableSchemaInspector.SchemaReading {

    private final Jdbc jdbc;
    private final PostgresInspector inspector;
    private final BiFunction<TableId, List<TableId>, ConfigException> notCaptured;
    private final String sourceName;
    private final String publication;
    private final ColumnFilters filters;
    private final Function<TableId, String> topics;
    private final boolean transactionBlocks;
    private Connection connection;
    private List<TableId> captured;
    private PublishedTables published;

    /**
     * @param notCaptured the error for a table the source does not capture, given the tables it does
     * @param sourceName  the source's logical name as the reader uses it
     */
    NativeSchemaReading(Jdbc jdbc, PostgresInspector inspector,
                        BiFunction<TableId, List<TableId>, ConfigException> notCaptured, String sourceName,
                        String publication, ColumnFilters filters, Function<TableId, String> topics,
                        boolean transactionBlocks) {
        this.jdbc = jdbc;
        this.inspector = inspector;
        this.notCaptured = notCaptured;
        this.sourceName = sourceName;
        this.publication = publication;
        this.filters = filters;
        this.topics = topics;
        this.transactionBlocks = transactionBlocks;
    }

    @Override
    public TableSchemas tableSchemas(TableId table) throws ConfigException, ConnectivityException {
        try {
            Connection c = connection();
            if (!captured.contains(table)) throw notCaptured.apply(table, captured);
            TableSchemas schemas = NativeTableSchemas.of(c, sourceName, published, filters, topics, transactionBlocks,
                    table);
            Set<String> oldRowColumns = PostgresSourceFactory.oldRowColumns(PostgresReplicaIdentity.of(c, table));
            return schemas.withOldRowColumns(oldRowColumns);
        } catch (SQLException e) {
            throw new ConnectivityException(jdbc.system() + ": reading the catalog failed: " + e.getMessage(), e);
        }
    }

    /** The connection, opened (with the captured tables and the publication read) on first use. */
    private Connection connection() throws ConnectivityException, SQLException {
        if (connection == null) {
            Connection c = jdbc.open();
            try {
                NativeTableSchemas.prepare(c);
                captured = inspector.discover(c).stream().map(DiscoveredTable::id).toList();
                published = PublishedTables.read(c, publication);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    @Override
    public void close() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException e) {
            // only catalog queries ran on it: nothing to finish
        }
        connection = null;
    }
}
