package io.cdctoolkit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DebeziumRetryLogTest {

    private final LoggerContext context = new LoggerContext();
    private final DebeziumRetryLog filter = new DebeziumRetryLog();

    @Test
    void debeziumsFailureRetryAndRestartMessagesAreHeldBackForOneLine() {
        var errorHandler = context.getLogger("io.debezium.pipeline.ErrorHandler");
        var task = context.getLogger("io.debezium.connector.common.BaseSourceTask");
        Exception failure = new RuntimeException("wrapped", new SQLException("I/O", "08006", new EOFException("gone")));

        assertThat(filter.decide(null, errorHandler, Level.ERROR, DebeziumRetryLog.FAILURE, null, failure))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, errorHandler, Level.WARN, DebeziumRetryLog.RETRY, new Object[] {1, "unlimited"},
                null)).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, task, Level.WARN, DebeziumRetryLog.RESTART, new Object[] {10L}, null))
                .isEqualTo(FilterReply.DENY);
        assertThat(DebeziumRetryLog.rootCause(failure)).isEqualTo("EOFException: gone");
    }

    @Test
    void everythingElsePasses() {
        var other = context.getLogger("io.debezium.connector.postgresql.PostgresConnector");
        var ours = context.getLogger("io.cdctoolkit.engine.runtime.PipelineRunner");

        assertThat(filter.decide(null, other, Level.ERROR, "Failed testing connection for {}", null, null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, ours, Level.ERROR, DebeziumRetryLog.FAILURE, null, null))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
