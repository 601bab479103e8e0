package io.cdctoolkit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class CompactThrowableConverterTest {

    private final LoggerContext context = new LoggerContext();
    private final CompactThrowableConverter converter = new CompactThrowableConverter();

    CompactThrowableConverterTest() {
        converter.setContext(context);
        converter.start();
    }

    @Test
    void aDebeziumStackTraceBecomesItsRootCauseOnTheSameLine() {
        Exception reconnect = new RuntimeException("Producer failure",
                new SQLException("An I/O error occurred", "08006", new ConnectException("Connection refused")));

        String rendered = converter.convert(event("io.debezium.pipeline.ErrorHandler", reconnect));

        assertThat(rendered).isEqualTo(" (ConnectException: Connection refused)").doesNotContain("\n");
    }

    @Test
    void ourOwnLoggersKeepTheirStackTrace() {
        String rendered = converter.convert(event("io.cdctoolkit.engine.runtime.ErrorHandler",
                new IllegalStateException("a bug")));

        assertThat(rendered).startsWith(System.lineSeparator() + "java.lang.IllegalStateException: a bug")
                .contains("\tat ");
    }

    @Test
    void anEventWithoutExceptionAddsNothing() {
        assertThat(converter.convert(event("io.debezium.x", null))).isEmpty();
    }

    private LoggingEvent event(String logger, Throwable thrown) {
        return new LoggingEvent("test", context.getLogger(logger), Level.WARN, "message", thrown, null);
    }
}
