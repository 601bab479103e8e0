package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.ConnectivityException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Plain JDBC connections for {@code check} and {@code discover}. */
public final class Jdbc {

    private Jdbc() {
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
}
