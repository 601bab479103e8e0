package io.cdctoolkit.engine.source.postgres.pgoutput;

import org.postgresql.PGProperty;

import java.util.Map;

/** What makes a pgjdbc connection a logical replication connection, said once for every one the toolkit opens. */
public final class ReplicationConnection {

    /**
     * The driver properties: a walsender of the database ({@code replication=database}), which takes only the simple
     * query protocol; {@code assumeMinServerVersion} makes pgjdbc put its session settings in the startup packet
     * rather than run {@code SET} statements after connecting (pgjdbc's documented replication setup).
     */
    public static final Map<String, String> DRIVER_PROPERTIES = Map.of(
            PGProperty.REPLICATION.getName(), "database",
            PGProperty.ASSUME_MIN_SERVER_VERSION.getName(), "9.4",
            PGProperty.PREFER_QUERY_MODE.getName(), "simple");

    private ReplicationConnection() {
    }
}
