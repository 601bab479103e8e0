package io.cdctoolkit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DebeziumLogFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final DebeziumLogFilter filter = new DebeziumLogFilter();

    @Test
    void debeziumsFailureRetryAndRestartMessagesAreHeldBackForOneLine() {
        var errorHandler = context.getLogger("io.debezium.pipeline.ErrorHandler");
        var task = context.getLogger("io.debezium.connector.common.BaseSourceTask");
        Exception failure = new RuntimeException("wrapped", new SQLException("I/O", "08006", new EOFException("gone")));

        assertThat(filter.decide(null, errorHandler, Level.ERROR, DebeziumLogFilter.FAILURE, null, failure))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, errorHandler, Level.WARN, DebeziumLogFilter.RETRY, new Object[] {1, "unlimited"},
                null)).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, task, Level.WARN, DebeziumLogFilter.RESTART, new Object[] {10L}, null))
                .isEqualTo(FilterReply.DENY);
        assertThat(DebeziumLogFilter.rootCause(failure)).isEqualTo("EOFException: gone");
    }

    @Test
    void failuresThePipelineReportsAnywayAreDropped() {
        var engine = context.getLogger("io.debezium.embedded.async.AsyncEmbeddedEngine");
        var connector = context.getLogger("io.debezium.connector.postgresql.PostgresConnector");

        assertThat(filter.decide(null, engine, Level.ERROR, DebeziumLogFilter.ENGINE_FAILED, null,
                new RuntimeException("Connector configuration is not valid"))).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, connector, Level.ERROR, DebeziumLogFilter.CONNECTION_TEST_FAILED,
                new Object[] {"jdbc:postgresql://db:5432/app", "cdc"}, null)).isEqualTo(FilterReply.DENY);
    }

    @Test
    void theWarningsThatAnotherConnectorsSnapshotImplementationIsUsedAreDroppedUnlessVerbose() {
        var query = context.getLogger("io.debezium.snapshot.SnapshotQueryProvider");
        var lock = context.getLogger("io.debezium.snapshot.SnapshotLockProvider");
        Object[] found = {"io.debezium.connector.postgresql.snapshot.query.SelectAllSnapshotQuery", "select_all"};

        assertThat(filter.decide(null, query, Level.WARN, DebeziumLogFilter.FOREIGN_QUERY, found, null))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, lock, Level.WARN, DebeziumLogFilter.FOREIGN_LOCK,
                new Object[] {"io.debezium.connector.mysql.snapshot.lock.MinimalSnapshotLock", "minimal"}, null))
                .isEqualTo(FilterReply.DENY);
        List<ILoggingEvent> verbose = filterLogs(Level.DEBUG, () -> assertThat(filter.decide(null, query, Level.WARN,
                DebeziumLogFilter.FOREIGN_QUERY, found, null)).isEqualTo(FilterReply.NEUTRAL));
        assertThat(verbose).isEmpty();
    }

    @Test
    void aStatementDebeziumSkipsIsNeverLoggedWithItsValuesEvenVerbose() {
        var binlog = context.getLogger("io.debezium.connector.binlog.BinlogStreamingChangeEventSource");
        for (Level verbose : new Level[] {Level.INFO, Level.DEBUG}) { // -v turns DEBUG on
            List<ILoggingEvent> logged = filterLogs(verbose, () -> assertThat(filter.decide(null, binlog, Level.WARN,
                    DebeziumLogFilter.STATEMENT_DML, new Object[] {"INSERT INTO customers (ssn) VALUES ('078-05-1120')"},
                    null)).isEqualTo(FilterReply.DENY));
            assertThat(logged).as("at %s", verbose).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getFormattedMessage()).contains("not captured").contains("binlog_format = ROW")
                        .doesNotContain("078-05-1120").doesNotContain("INSERT INTO");
            });
        }
    }

    @Test
    void aZeroDateDebeziumEmptiesIsNamedByColumnNotByValue() {
        var converters = context.getLogger("io.debezium.connector.binlog.jdbc.BinlogValueConverters.invalid_value");
        for (Level verbose : new Level[] {Level.INFO, Level.DEBUG}) {
            List<ILoggingEvent> logged = filterLogs(verbose, () -> assertThat(filter.decide(null, converters, Level.WARN,
                    DebeziumLogFilter.INVALID_VALUE, new Object[] {"1985-00-12", "birth_date", "crm.patients"}, null))
                    .isEqualTo(FilterReply.DENY));
            assertThat(logged).as("at %s", verbose).singleElement().satisfies(event -> assertThat(
                    event.getFormattedMessage()).contains("column birth_date of table crm.patients")
                    .contains("empty value").doesNotContain("1985").doesNotContain("-12"));
        }
    }

    /** What the filter itself logs while {@code decisions} run, its logger at {@code level}. */
    private static List<ILoggingEvent> filterLogs(Level level, Runnable decisions) {
        ch.qos.logback.classic.Logger ours = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                DebeziumLogFilter.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        ours.addAppender(logged);
        Level before = ours.getLevel();
        try {
            ours.setLevel(level);
            decisions.run();
        } finally {
            ours.detachAppender(logged);
            ours.setLevel(before);
        }
        return logged.list;
    }

    @Test
    void theWarningThatABuiltInTypeNameComesTwiceIsDroppedUnlessVerbose() {
        var registry = context.getLogger("io.debezium.connector.postgresql.TypeRegistry");
        // As PostgreSQL 15's catalog has it: pg_catalog's array type _pg_user_mappings after information_schema's row type.
        Object[] builtIn = {12328, "_pg_user_mappings"};
        Object[] userTypes = {16501, "status"};

        assertThat(filter.decide(null, registry, Level.WARN, DebeziumLogFilter.TYPE_MAPPED, builtIn, null))
                .isEqualTo(FilterReply.DENY);
        // Two types of one name that users made: Debezium keeps the first for the name, which may matter.
        assertThat(filter.decide(null, registry, Level.WARN, DebeziumLogFilter.TYPE_MAPPED, userTypes, null))
                .isEqualTo(FilterReply.NEUTRAL);
        filterLogs(Level.DEBUG, () -> assertThat(filter.decide(null, registry, Level.WARN,
                DebeziumLogFilter.TYPE_MAPPED, builtIn, null)).isEqualTo(FilterReply.NEUTRAL));
    }

    @Test
    void everythingElsePasses() {
        var other = context.getLogger("io.debezium.connector.postgresql.PostgresConnector");
        var ours = context.getLogger("io.cdctoolkit.engine.runtime.PipelineRunner");

        assertThat(filter.decide(null, other, Level.WARN, "Type [oid:{}, name:{}] is already mapped", null, null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, ours, Level.ERROR, DebeziumLogFilter.FAILURE, null, null))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
