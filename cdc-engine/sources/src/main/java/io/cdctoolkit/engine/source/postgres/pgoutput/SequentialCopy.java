package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The snapshot on one connection ({@code snapshot_connections: 1}): one binary COPY per table, one table after
 * the other, each started only when the previous one has ended, rows decoded on the caller's thread.
 */
final class SequentialCopy implements SnapshotRows {

    private final Connection connection;
    private final List<RelationPlan> tables;
    private int tableIndex = -1;
    private CopyBinaryRows copy;

    /** @param connection inside the snapshot transaction; closed by {@link #close()} */
    SequentialCopy(Connection connection, List<RelationPlan> tables) {
        this.connection = connection;
        this.tables = tables;
    }

    @Override
    public SnapshotRow next() throws SQLException, IOException {
        while (true) {
            if (copy == null) {
                if (++tableIndex >= tables.size()) return null;
                copy = new CopyBinaryRows(connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyOut(tables.get(tableIndex).copyStatement()));
            }
            TupleData row = copy.next();
            if (row != null) return SnapshotRow.decode(tableIndex, tables.get(tableIndex), row);
            copy.close();
            copy = null;
        }
    }

    @Override
    public void close() throws SQLException, IOException {
        try {
            if (copy != null) copy.close(); // cancels a COPY still running
        } finally {
            connection.close();
        }
    }
}
