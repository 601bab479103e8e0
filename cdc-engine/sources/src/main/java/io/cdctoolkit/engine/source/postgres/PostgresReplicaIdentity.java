package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.source.debezium.BeforeImage;
import io.cdctoolkit.engine.source.debezium.BeforeImages;
import io.cdctoolkit.engine.source.debezium.Jdbc;
import io.cdctoolkit.engine.spi.ConnectivityException;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * The before images of PostgreSQL tables, from their replica identity ({@code pg_class.relreplident}).
 * With {@code FULL} the old row has every column. With {@code DEFAULT} (the primary key) or
 * {@code USING INDEX}, pgoutput's delete, and an update that changes the identity, carry an old-key
 * tuple ('K'): the identity columns, every other column NULL; Debezium does not pass on which kind of
 * tuple it got, and its converters then turn those NULLs of NOT NULL columns into type fallbacks
 * ({@code ""}, {@code 0}, {@code false}). Hence this lookup.
 *
 * <p>Asked once per table version: Debezium builds a new schema for each relation message, and
 * PostgreSQL sends one again after {@code ALTER TABLE ... REPLICA IDENTITY}, so a change of identity
 * is picked up with the next change of the table. As with other DDL, the catalog is read now, not as
 * of the change being converted: a reader far behind an identity change applies the new identity. A table no
 * longer in the catalog under the name its changes carry (dropped or renamed since) has an
 * {@link BeforeImage#UNKNOWN} image: stopping at it would stop every restart there too.
 */
final class PostgresReplicaIdentity implements BeforeImages {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresReplicaIdentity.class);

    /** The identity kind, and the columns of the index that carries it (primary key or chosen index). */
    private static final String QUERY = """
            SELECT c.relreplident,
                   ARRAY(SELECT a.attname::text FROM pg_index i
                         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                         WHERE i.indrelid = c.oid
                           AND ((c.relreplident = 'd' AND i.indisprimary) OR (c.relreplident = 'i' AND i.indisreplident)))
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ?""";

    private final Jdbc jdbc;
    /**
     * The lookups' connection, kept from one to the next until {@link #close} (and tried once more on a new one when
     * the kept one was ended while idle): a snapshot's first events of a thousand tables each opened a connection of
     * their own, half a minute of logins.
     */
    private final CatalogLookout lookout;

    PostgresReplicaIdentity(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.lookout = new CatalogLookout(jdbc, "replica-identity");
    }

    @Override
    public synchronized BeforeImage of(TableId table) {
        try {
            return lookout.query(c -> of(c, table));
        } catch (SQLException e) {
            // Guessing FULL would let fallbacks through as values, guessing KEY would drop real ones.
            ConnectivityException failure = new ConnectivityException(jdbc.system() + ": reading the replica identity of "
                    + table + " failed: " + e.getMessage(), e);
            throw new IllegalStateException(failure.getMessage(), failure);
        } catch (ConnectivityException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Closes the kept connection; the next lookup opens another. */
    @Override
    public synchronized void close() {
        lookout.close();
    }

    /** As {@link #of(TableId)}, on an open connection. */
    static BeforeImage of(java.sql.Connection c, TableId table) throws java.sql.SQLException {
        try (PreparedStatement st = c.prepareStatement(QUERY)) {
            st.setString(1, table.schema());
            st.setString(2, table.table());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    LOG.warn("table {} is not in the catalog (dropped, or renamed, after changes not read yet):"
                            + " the old rows of its deletes and key changes with a NOT NULL column become"
                            + " unreadable events (on_error), as whether they were written whole cannot be"
                            + " told; engine: native reads them as written", table);
                    return BeforeImage.UNKNOWN;
                }
                return beforeImage(table, rs.getString(1), rs.getArray(2));
            }
        }
    }

    private static BeforeImage beforeImage(TableId table, String identity, Array columns) throws java.sql.SQLException {
        switch (identity) {
            case "f":
                return BeforeImage.FULL;
            case "d":
            case "i":
                return BeforeImage.keyOnly(Set.of((String[]) columns.getArray()));
            case "n":
                return BeforeImage.NONE;
            default:
                throw new IllegalStateException("table " + table + " has an unknown replica identity '" + identity + "'");
        }
    }
}
