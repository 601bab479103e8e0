package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;

import java.util.List;

/**
 * {@code connector: mariadb-cdc}: MariaDB binlog CDC through Debezium's MariaDB connector (the MySQL
 * connector's newer versions issue statements MariaDB does not know).
 */
public final class MariaDbSourceFactory extends BinlogSourceFactory {

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.SOURCE, "mariadb-cdc", List.of("mariadb"),
            "MariaDB change data capture from the row-based binlog, via Debezium's embedded engine",
            options("disable", "disable", "trust", "verify-ca", "verify-full"));

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    protected String connectorClass() {
        return ToolkitMariaDbConnector.class.getName();
    }

    @Override
    String jdbcScheme() {
        return "jdbc:mariadb:";
    }

    @Override
    String jdbcSslMode(String option) {
        return option;
    }

    /**
     * Debezium's MariaDB snapshot reads a {@code TIMESTAMP} as the server's text, written in the session's time zone,
     * through {@code getTimestamp(column, <the JVM's default calendar>)}. MariaDB Connector/J sets the session to the
     * JVM's zone where the server knows it (a fixed offset always, a named zone only with the server's time zone
     * tables); where it cannot, every value arrives shifted by the difference (a JVM in New York, a server in UTC
     * without the tables: five hours), while the binlog is exact.
     */
    @Override
    protected String snapshotTimeZoneSensitiveValues() {
        return "DATETIME and TIMESTAMP values (and TIMESTAMP values arrive shifted by the zone's offset unless the"
                + " server has time zone tables to take the zone's name for its session)";
    }

    @Override
    String product() {
        return "MariaDB";
    }
}
