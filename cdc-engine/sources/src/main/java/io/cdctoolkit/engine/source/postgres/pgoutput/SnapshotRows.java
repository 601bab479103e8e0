package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.io.IOException;
import java.sql.SQLException;

/** The snapshot's rows, table after table in the snapshot's table order, as {@link Snapshotter} takes them. */
interface SnapshotRows extends AutoCloseable {

    /** The next row, or null after the last row of the last table. */
    SnapshotRow next() throws SQLException, IOException;

    /** Stops reading and closes the connections. */
    @Override
    void close() throws SQLException, IOException;
}
