package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The output settings the native engine's sessions write values' text with, whatever the database's or role's
 * defaults (a text-mode stream, column defaults and {@code interval[]} elements are text):
 * <ul>
 *   <li>{@code IntervalStyle = postgres}: the engine reads intervals' text through pgjdbc's {@code PGInterval} (as
 *       Debezium does), which misreads {@code sql_standard} without a word — {@code +1-2 +3 +4:05:06} (1 year 2 months
 *       3 days 4:05:06) as 4 hours 5 minutes 6 seconds, {@code 1-2} as nothing;</li>
 *   <li>{@code extra_float_digits = 3}: with {@code 0} (or less) PostgreSQL writes {@code float8} with 15 significant
 *       digits, {@code 0.30000000000000004} as {@code 0.3}; 3 writes the exact value (the shortest text that reads
 *       back as it, PostgreSQL 12+; 17 digits before). pgjdbc does not set it.</li>
 * </ul>
 * Set by SQL on each connection rather than in pgjdbc's {@code options} startup parameter, which connection poolers may
 * refuse. ({@code DateStyle} pgjdbc fixes itself; {@code bytea} the engine reads in both formats.) The Debezium
 * engine's sessions get the same through {@code database.options}.
 */
public final class OutputStyles {

    /** The settings as pgjdbc's {@code options} startup parameter (Debezium's {@code database.options}). */
    public static final String AS_OPTIONS = "-c IntervalStyle=postgres -c extra_float_digits=3";

    private OutputStyles() {
    }

    /** Sets the styles on {@code connection} (a replication connection too: its walsender writes the stream's text). */
    public static void set(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET IntervalStyle = 'postgres'");
            st.execute("SET extra_float_digits = 3");
        }
    }
}
