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
        return PasswordMaskingMariaDbConnector.class.getName();
    }

    @Override
    String jdbcScheme() {
        return "jdbc:mariadb:";
    }

    @Override
    String jdbcSslMode(String option) {
        return option;
    }

    @Override
    String product() {
        return "MariaDB";
    }
}
