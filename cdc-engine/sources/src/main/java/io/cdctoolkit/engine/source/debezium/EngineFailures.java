package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.FatalException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/** Sorts a Debezium engine failure into "cannot reach / log in" and everything else. */
final class EngineFailures {

    private EngineFailures() {
    }

    /**
     * A {@link ConnectivityException} when the cause chain shows an unreachable host or a refused
     * login (SQL states 08xxx and 28xxx), else a {@link FatalException}; both carry Debezium's message.
     */
    static Exception classify(String description, String message, Throwable error) {
        String detail = rootMessage(message, error);
        if (isConnectivity(error) || looksLikeConnectivity(detail)) {
            return new ConnectivityException(description + ": cannot connect: " + detail, error);
        }
        return new FatalException(description + ": Debezium stopped: " + detail + hint(detail), error);
    }

    private static final java.util.regex.Pattern ROW_SIZE =
            java.util.regex.Pattern.compile("internal schema size (\\d+), but row size (\\d+)");

    /**
     * What two of Debezium's binlog failures mean, which its messages do not say. A row that does not fit the table's
     * schema, whose own hint (a restart in schema recovery mode) does not help: fewer columns come from a session
     * writing partial row images, more from a MariaDB system-versioned table (its row_start/row_end columns are in the
     * rows, not in its DDL). And the binlog client's failure on a column type it does not know (MariaDB's compressed
     * columns).
     */
    static String hint(String detail) {
        if (detail == null) return "";
        if (detail.contains("ColumnType.byCode")) {
            return ". The binlog holds a column type the binlog client cannot decode, such as a MariaDB COMPRESSED column"
                    + " (check names them; see docs/sources/mysql-mariadb.md, Limits)";
        }
        java.util.regex.Matcher m = ROW_SIZE.matcher(detail);
        if (!m.find()) return "";
        long schema = Long.parseLong(m.group(1));
        long row = Long.parseLong(m.group(2));
        if (row < schema) {
            return ". The binlog row has fewer columns than the table: a session wrote it with binlog_row_image MINIMAL"
                    + " or NOBLOB, which the reader cannot take (restarting in recovery mode does not help; see"
                    + " docs/sources/mysql-mariadb.md, Limits)";
        }
        return ". The binlog row has more columns than the table's DDL: a system-versioned table (WITH SYSTEM"
                + " VERSIONING) logs its row_start/row_end columns too, and Debezium cannot read it (restarting in"
                + " recovery mode does not help): leave the table out of include_tables, or drop its system versioning";
    }

    static boolean isConnectivity(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28"))) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    /**
     * Debezium reports failed connector validation (its first connection attempt) as a message
     * without the driver's exception, so the drivers' wording is the only clue left.
     */
    static boolean looksLikeConnectivity(String message) {
        if (message == null) return false;
        String m = message.toLowerCase(java.util.Locale.ROOT);
        for (String clue : CONNECTIVITY_CLUES) {
            if (m.contains(clue)) return true;
        }
        return false;
    }

    private static final java.util.List<String> CONNECTIVITY_CLUES = java.util.List.of(
            "connection refused", "refused. check that the hostname", "password authentication failed",
            "no pg_hba.conf entry", "access denied for user", "communications link failure", "unknownhostexception",
            "unknown host", "could not connect", "socket fail to connect", "login failed for user",
            "the tcp/ip connection to the host");

    /**
     * Debezium's message with the deepest message of the cause chain: that one says what went wrong, the outer ones
     * ("An exception occurred in the change event producer") only where. The deepest cause itself may have none (a
     * DDL parser's {@code NoViableAltException}, under the {@code ParsingException} naming the statement).
     */
    private static String rootMessage(String message, Throwable error) {
        String rootText = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) rootText = t.getMessage();
        }
        if (rootText == null || rootText.isBlank()) return message;
        if (message == null || message.isBlank() || message.contains(rootText) || saysOnlyWhere(message)) return rootText;
        return message + " (" + rootText + ")";
    }

    /**
     * Debezium's words for "the connector's producer thread failed", with or without the exception's class in front
     * ({@code org.apache.kafka.connect.errors.ConnectException: An exception occurred in the change event producer.
     * This connector will be stopped.}): "Debezium stopped" says it already.
     */
    private static boolean saysOnlyWhere(String message) {
        return message.replaceFirst("^[\\w.$]+(Exception|Error): ", "").strip()
                .matches("An exception occurred in the change event producer\\.( This connector will be stopped\\.)?");
    }
}
