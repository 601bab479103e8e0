package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;

import java.util.List;
import java.util.Locale;

/** {@code connector: mysql-cdc}: MySQL binlog CDC through Debezium's MySQL connector. */
public final class MySqlSourceFactory extends BinlogSourceFactory {

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.SOURCE, "mysql-cdc", List.of("mysql"),
            "MySQL change data capture from the row-based binlog, via Debezium's embedded engine "
                    + "(for MariaDB use mariadb-cdc)",
            options("preferred", "disabled", "preferred", "required", "verify_ca", "verify_identity"));

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    protected String connectorClass() {
        return ToolkitMySqlConnector.class.getName();
    }

    @Override
    String jdbcScheme() {
        return "jdbc:mysql:";
    }

    @Override
    String jdbcSslMode(String option) {
        return option.toUpperCase(Locale.ROOT);
    }

    @Override
    String product() {
        return "MySQL";
    }
}
