package io.cdctoolkit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A turbo filter in logback.xml for Debezium's messages about failures:
 * <ul>
 *   <li>the three messages about a failure it retries — the ERROR {@code Producer failure} with a
 *       40-line stack trace, {@code Retry 1 of unlimited retries will be attempted}, {@code Going to
 *       restart connector after 10 sec. after a retriable exception} — become one line that says what
 *       happened and that it retries:
 *       <pre>WARN  Debezium: the connector failed (EOFException: …) and retries: restart in 10 s (retry 1 of unlimited)</pre></li>
 *   <li>the ERRORs about a failure it does not retry ({@code Engine has failed with}, {@code Failed
 *       testing connection for …}) are dropped: the engine hands that failure to the reader, and the
 *       pipeline reports it once, as {@code pipeline 'pg' failed: … cannot connect: …}.</li>
 * </ul>
 * Its warning that a snapshot query or lock implementation came from another connector's jar ({@link #FOREIGN_QUERY})
 * is dropped too, and its warning that a type name of PostgreSQL's own catalog comes twice ({@link #TYPE_MAPPED}).
 * With {@code -v} every message passes as Debezium writes it — but two WARNs of its binlog reader that quote row
 * values (plaintext PII in the log, an encrypted column's included): about a change the binlog holds as an SQL
 * statement ({@link #STATEMENT_DML}, the statement), and about a zero date it turns into an empty value
 * ({@link #INVALID_VALUE}, the value). They never pass; a line that says what happened, without the values, takes
 * their place.
 */
public final class DebeziumLogFilter extends TurboFilter {

    static final String FAILURE = "Producer failure";
    static final String RETRY = "Retry {} of {} retries will be attempted";
    static final String RESTART = "Going to restart connector after {} sec. after a retriable exception";
    /** Reported again by the pipeline, with the cause, through the engine's completion callback. */
    static final String ENGINE_FAILED = "Engine has failed with ";
    static final String CONNECTION_TEST_FAILED = "Failed testing connection for {} with user '{}'";
    /**
     * Debezium's binlog reader skips an INSERT/UPDATE/DELETE written to the binlog as a statement (a writing session's
     * {@code binlog_format} STATEMENT or MIXED) and says so with the statement's text.
     */
    static final String STATEMENT_DML = "Received DML '{}' for processing, binlog probably contains events generated"
            + " with statement or mixed based replication format";
    /** Debezium's binlog snapshot and stream turn a zero date ({@code '0000-00-00'}, a month or day 0) into null or epoch. */
    static final String INVALID_VALUE = "Invalid value '{}' stored in column '{}' of table '{}' converted to empty value";

    /**
     * Debezium 3.5 picks a snapshot query or lock implementation by mode name among all connectors' on the classpath,
     * and warns at every start when the one it found is another connector's ({@code mariadb-cdc} gets PostgreSQL's
     * {@code select_all} query and MySQL's {@code minimal} lock): every connector is on the toolkit's classpath, and
     * those implementations are generic (the query is the select list over the table name the connector passes). A
     * warning nobody can act on, so only {@code -v} shows it.
     */
    static final String FOREIGN_QUERY = "Found a not connector specific implementation {} for query mode {}";
    static final String FOREIGN_LOCK = "Found a not connector specific implementation {} for lock mode {}";

    /**
     * Debezium's PostgreSQL type registry looks types up by name as well as by oid, and warns when a name comes twice
     * (the first one keeps the name). PostgreSQL 15's own catalog has such a name ({@code _pg_user_mappings}: the array
     * type of {@code pg_catalog.pg_user_mappings} and the row type of {@code information_schema._pg_user_mappings}), so
     * every start of the Debezium engine warned twice about a type no table uses. A type of the server's own catalog
     * (oid below {@link #FIRST_USER_OID}) is left to {@code -v}; two user types of one name still warn.
     */
    static final String TYPE_MAPPED = "Type [oid:{}, name:{}] is already mapped";
    /** PostgreSQL's {@code FirstNormalObjectId}: oids below it belong to objects initdb made. */
    static final int FIRST_USER_OID = 16384;

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(DebeziumLogFilter.class);

    private final AtomicReference<String> cause = new AtomicReference<>();
    private final AtomicReference<String> attempt = new AtomicReference<>();

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // Every logging call of the process comes through here, enabled or not, including Debezium's trace
        // calls per column value on its decoding thread: leave the messages below INFO at once (ours are
        // ERROR, WARN and INFO), before any name or level lookup.
        if (level == null || level.levelInt < Level.INFO_INT || format == null) return FilterReply.NEUTRAL;
        if (!logger.getName().startsWith("io.debezium.")) return FilterReply.NEUTRAL;
        if (STATEMENT_DML.equals(format)) {
            LOG.warn("Debezium skipped a change the binlog holds as an SQL statement, not as rows: it is not captured"
                    + " (the writing session's binlog_format was STATEMENT or MIXED; set binlog_format = ROW for every"
                    + " writer, and let no session override it). The statement is not logged: it may hold row values");
            return FilterReply.DENY;
        }
        if (INVALID_VALUE.equals(format)) {
            LOG.warn("Debezium converted a value of column {} of table {} that its type cannot hold (a zero date, or a"
                    + " month or day 0) to an empty value: null, or 1970-01-01 in a NOT NULL column. The value is not"
                    + " logged: it may be personal data", param(params, 1), param(params, 2));
            return FilterReply.DENY;
        }
        if (LOG.isDebugEnabled() || LoggerFactory.getLogger("io.cdctoolkit").isDebugEnabled()) return FilterReply.NEUTRAL;
        switch (format) {
            case FAILURE -> cause.set(t == null ? "no cause given" : rootCause(t));
            case RETRY -> attempt.set("retry " + param(params, 0) + " of " + param(params, 1));
            case ENGINE_FAILED, CONNECTION_TEST_FAILED -> {
                // the pipeline's failure line says it (see the class comment)
            }
            case FOREIGN_QUERY, FOREIGN_LOCK -> {
                // see FOREIGN_QUERY
            }
            case TYPE_MAPPED -> {
                if (!(param(params, 0) instanceof Integer oid) || oid >= FIRST_USER_OID) return FilterReply.NEUTRAL;
            }
            case RESTART -> {
                String why = cause.getAndSet(null);
                String which = attempt.getAndSet(null);
                LOG.warn("Debezium: the connector failed ({}) and retries: restart in {} s{}",
                        why == null ? "cause not reported" : why, param(params, 0), which == null ? "" : " (" + which + ")");
            }
            default -> {
                return FilterReply.NEUTRAL;
            }
        }
        return FilterReply.DENY;
    }

    /** {@code SimpleName: message} of the innermost cause, on one line. */
    static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage();
        String name = root.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message.replace('\n', ' ').strip();
    }

    private static Object param(Object[] params, int i) {
        return params != null && params.length > i ? params[i] : "?";
    }
}
