package io.cdctoolkit.benchmarks.e2e;

import org.postgresql.Driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The PostgreSQL server every variant reads from.
 *
 * @param password empty for none; never printed
 */
record PostgresTarget(String host, int port, String database, String user, String password) {

    /** Parses {@code jdbc:postgresql://host:port/db?user=u&password=p} with the driver's own URL parser. */
    static PostgresTarget parse(String jdbcUrl) {
        Properties p = Driver.parseURL(jdbcUrl, new Properties());
        if (p == null) throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl.replaceAll("password=[^&]*", "password=***"));
        String user = p.getProperty("user", System.getProperty("user.name"));
        return new PostgresTarget(p.getProperty("PGHOST", "localhost").split(",")[0],
                Integer.parseInt(p.getProperty("PGPORT", "5432").split(",")[0]), p.getProperty("PGDBNAME"), user,
                p.getProperty("password", ""));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + database;
    }
}
