package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.spi.PrerequisiteCheck;

import java.util.Locale;
import java.util.Optional;

/**
 * Which of the two servers a binlog source reaches. MySQL and MariaDB answer the same protocol, but Debezium has a
 * connector for each (their DDL, GTIDs and binlog events differ): pointed at the other server, a connector fails deep
 * inside Debezium ("Multiple parsing errors" in its snapshot), so the mismatch is said first, with the connector to
 * use. MariaDB says so in {@code VERSION()} ({@code 10.11.19-MariaDB-…}); MySQL does not.
 */
final class ServerKind {

    private ServerKind() {
    }

    /** {@code check}'s {@code server_version} item: PASS naming the server, FAIL when it is the other one. */
    static PrerequisiteCheck versionItem(String product, String version) {
        return mismatch(product, version)
                .map(m -> PrerequisiteCheck.fail("server_version", m, fix(product)))
                .orElseGet(() -> PrerequisiteCheck.pass("server_version", product + " " + version));
    }

    /** Why {@code product}'s connector cannot read the server of {@code version}, if it cannot. */
    static Optional<String> mismatch(String product, String version) {
        boolean mariaDb = version != null && version.toLowerCase(Locale.ROOT).contains("mariadb");
        if ("MySQL".equals(product) && mariaDb) {
            return Optional.of("the server is MariaDB " + version + ", not MySQL: Debezium's MySQL connector cannot"
                    + " read it");
        }
        if ("MariaDB".equals(product) && !mariaDb) {
            return Optional.of("the server is MySQL " + version + ", not MariaDB: Debezium's MariaDB connector cannot"
                    + " read it");
        }
        return Optional.empty();
    }

    /** The connector to use instead. */
    static String fix(String product) {
        return "set connector: " + ("MySQL".equals(product) ? "mariadb-cdc" : "mysql-cdc");
    }
}
