package io.cdctoolkit.engine.source.postgres.pgoutput;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The output style the native engine's sessions write intervals in, whatever the database's or role's default:
 * PostgreSQL's own ({@code postgres}). A text-mode stream and column defaults carry intervals as text, which the
 * engine reads through pgjdbc's {@code PGInterval} (as Debezium does) — and that misreads {@code IntervalStyle =
 * sql_standard} without a word: {@code +1-2 +3 +4:05:06} (1 year 2 months 3 days 4:05:06) as 4 hours 5 minutes
 * 6 seconds, {@code 1-2} as nothing; {@code interval[]} elements are that text, so they no longer depend on the
 * database either. Set by SQL on each connection rather than in pgjdbc's {@code options} startup parameter, which
 * connection poolers may refuse. ({@code DateStyle} pgjdbc fixes itself; {@code bytea} the engine reads in both
 * formats.)
 */
public final class OutputStyles {

    /** The {@code IntervalStyle} (the Debezium engine's sessions get it through {@code database.options}). */
    public static final String INTERVAL_STYLE = "postgres";

    private OutputStyles() {
    }

    /** Sets the styles on {@code connection} (a replication connection too: its walsender writes the stream's text). */
    public static void set(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET IntervalStyle = '" + INTERVAL_STYLE + "'");
        }
    }
}
