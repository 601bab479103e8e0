package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.source.debezium.OffsetHandoverCheck;
import io.cdctoolkit.engine.source.postgres.pgoutput.PartitionedTables;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The Debezium engine's guard for partitions created (or attached) while it runs under a captured partitioned table,
 * with a name {@code include_tables} does not match. PostgreSQL publishes their changes through the parent, and
 * Debezium's table filter drops them without a trace, then moves its offsets past them with the next change of
 * another table. So before committed records go to Debezium, the catalog is asked whether every leaf partition of the
 * captured partitioned tables is still captured; if one is not, the reader stops, and the offsets stay where they
 * were. That is enough: pgoutput sends transactions in commit order, so a partition not in the catalog now can have
 * no change among the records delivered so far. (A partition created, written and detached again between two
 * handovers is not seen.) The native engine stops at the partition's Relation message instead.
 *
 * <p>Costs nothing for a source without captured partitioned tables (found at the first handover); otherwise one
 * catalog query per parent and handover, on a connection kept for it.
 */
final class CapturedPartitionsCheck implements OffsetHandoverCheck {

    private static final int ATTEMPTS = 3;
    private static final long RETRY_PAUSE_MS = 2_000;

    private final PostgresInspector inspector;
    private final Jdbc jdbc;
    private final String source;
    /** Null until the first handover. */
    private List<TableId> parents;
    /** The offset thread's; volatile for {@link #close} from the thread closing the reader, once that one stopped. */
    private volatile Connection connection;

    CapturedPartitionsCheck(PostgresInspector inspector, Jdbc jdbc, String source) {
        this.inspector = inspector;
        this.jdbc = jdbc;
        this.source = source;
    }

    @Override
    public void beforeHandover() throws Exception {
        // Whatever their partitions: a partition created since the start is named by requireLeavesCaptured, in the
        // same words at the first handover as at any later one.
        if (parents == null) parents = inspector.capturedPartitionedTables();
        if (parents.isEmpty()) return;
        for (int attempt = 1; ; attempt++) {
            try {
                if (connection == null || !connection.isValid(5)) {
                    close();
                    connection = jdbc.open();
                }
                PartitionedTables.requireLeavesCaptured(connection, parents, inspector::captures, source);
                return;
            } catch (SQLException | io.cdctoolkit.engine.spi.ConnectivityException e) {
                close();
                // The records wait meanwhile (committed, not yet handed over); a server that stays away stops the reader.
                if (attempt == ATTEMPTS) {
                    throw new io.cdctoolkit.engine.spi.FatalException(source + ": cannot read the partitions of "
                            + parents + " before committing offsets (" + e.getMessage() + "); stopping: a restart"
                            + " resumes at the last committed offset", e);
                }
                Thread.sleep(RETRY_PAUSE_MS);
            }
        }
    }

    @Override
    public void close() {
        Connection open = connection;
        connection = null;
        if (open == null) return;
        try {
            open.close();
        } catch (SQLException e) {
            // closing a connection already broken: nothing to keep
        }
    }
}
