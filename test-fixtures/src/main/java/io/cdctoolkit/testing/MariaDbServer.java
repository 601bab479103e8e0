package io.cdctoolkit.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * The MariaDB server the CI provides ({@code .ci/mariadb.sh}: Debian's mariadb-server with a
 * row-based binlog and a TCP user), found through {@code CDC_TEST_MARIADB_HOST}, {@code _PORT},
 * {@code _USER} and {@code _PASSWORD}. Tests skip with {@link #UNAVAILABLE} when they are not set.
 *
 * @param host     host name or address
 * @param port     TCP port
 * @param user     a user with all privileges (tests create databases and users)
 * @param password its password
 */
public record MariaDbServer(String host, int port, String user, String password) {

    /** Why MariaDB tests skip, and how to run them. */
    public static final String UNAVAILABLE = "no MariaDB server: run `eval \"$(bash .ci/mariadb.sh)\"` (installs and "
            + "starts Debian's mariadb-server, exports CDC_TEST_MARIADB_HOST/PORT/USER/PASSWORD) or set those "
            + "variables for a server with binlog_format=ROW and binlog_row_image=FULL";

    /** The server named by the environment, if any. */
    public static Optional<MariaDbServer> fromEnvironment() {
        return from(System.getenv());
    }

    static Optional<MariaDbServer> from(Map<String, String> env) {
        String host = env.get("CDC_TEST_MARIADB_HOST");
        if (host == null || host.isBlank()) return Optional.empty();
        return Optional.of(new MariaDbServer(host, Integer.parseInt(env.getOrDefault("CDC_TEST_MARIADB_PORT", "3306")),
                env.getOrDefault("CDC_TEST_MARIADB_USER", "root"), env.getOrDefault("CDC_TEST_MARIADB_PASSWORD", "")));
    }

    /** JDBC URL of {@code database} (empty for none). */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Creates (after dropping) a fresh database; returns its name. */
    public String createDatabase(String name) throws SQLException {
        execute("", "DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name);
        return name;
    }

    /** Runs statements in {@code database} with autocommit. */
    public void execute(String database, String... sql) throws SQLException {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        }
    }
}
