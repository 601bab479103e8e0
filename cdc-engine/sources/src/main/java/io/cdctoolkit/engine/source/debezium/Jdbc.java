package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.Options;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Plain JDBC connections to one server for {@code check} and {@code discover}: every failure becomes
 * a {@link ConnectivityException} naming the server (never the password).
 */
public final class Jdbc {

    /** Work done on an open connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String system;
    private final String url;
    private final Properties properties;

    /**
     * @param system     the server in messages, e.g. {@code PostgreSQL at localhost:5432/app}; see {@link #system}
     * @param url        the JDBC URL
     * @param properties the driver properties, login included (copied)
     */
    public Jdbc(String system, String url, Properties properties) {
        this.system = system;
        this.url = url;
        this.properties = new Properties();
        this.properties.putAll(properties);
    }

    /** How messages name a server: {@code <product> at <host>:<port>/<database>}; no secrets. */
    public static String system(String product, Options options) {
        return product + " at " + options.string("host") + ":" + options.integer("port") + "/"
                + options.string("database");
    }

    /** The driver properties every connector sets: {@code user}, and {@code password} when given. */
    public static Properties login(Options options) {
        Properties props = new Properties();
        props.setProperty("user", options.string("user"));
        options.optionalString("password").ifPresent(pw -> props.setProperty("password", pw));
        return props;
    }

    /**
     * The first column of the first row of {@code sql} run with {@code args} as its parameters:
     * {@code ""} when there is no row, null when the value is SQL NULL.
     */
    public static String scalar(Connection connection, String sql, String... args) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) st.setString(i + 1, args[i]);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    /** This server with driver property {@code key} set to {@code value} (e.g. pgjdbc's {@code replication}). */
    public Jdbc with(String key, String value) {
        Jdbc copy = new Jdbc(system, url, properties);
        copy.properties.setProperty(key, value);
        return copy;
    }

    /** The name of the server in messages. */
    public String system() {
        return system;
    }

    /**
     * Opens a connection; an unreachable server or a refused login becomes a
     * {@link ConnectivityException} naming {@code system} (never the password).
     */
    public static Connection open(String system, String url, Properties properties) throws ConnectivityException {
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw new ConnectivityException("cannot connect to " + system + ": " + e.getMessage(), e);
        }
    }

    /** Opens a connection to this server, as {@link #open(String, String, Properties)} does. */
    public Connection open() throws ConnectivityException {
        return open(system, url, properties);
    }

    /**
     * Runs {@code work} on a new connection and closes it; a failing statement becomes a
     * {@link ConnectivityException} saying {@code <system>: <task> failed: <cause>}.
     *
     * @param task what the work does, e.g. {@code reading the catalog}
     */
    public <T> T run(String task, Work<T> work) throws ConnectivityException {
        try (Connection c = open()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new ConnectivityException(system + ": " + task + " failed: " + e.getMessage(), e);
        }
    }
}
