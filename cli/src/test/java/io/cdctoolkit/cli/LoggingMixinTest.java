package io.cdctoolkit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the CLI's logging options do to every library's log lines, with the CLI's logback.xml. */
class LoggingMixinTest {

    /** A library that logs through java.util.logging, as the MySQL/MariaDB binlog client does. */
    private static final java.util.logging.Logger BINLOG_CLIENT =
            java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog.BinaryLogClient");

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
    private final Map<Logger, Level> levels = new HashMap<>();

    @BeforeEach
    void watchTheRootLogger() {
        context.getLoggerList().forEach(l -> levels.put(l, l.getLevel()));
        seen.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(seen);
    }

    @AfterEach
    void restoreTheLevels() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(seen);
        levels.forEach(Logger::setLevel);
    }

    @Test
    void javaUtilLoggingGoesThroughLogbackWithItsLevels() {
        new LoggingMixin().apply();

        BINLOG_CLIENT.warning("the binlog client warns");
        BINLOG_CLIENT.info("the binlog client chats");

        // In Logback, so in its format (--log-format json included), at the level logback.xml gives (root: WARN).
        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("the binlog client warns");
        assertThat(seen.list.get(0).getLoggerName()).isEqualTo("com.github.shyiko.mysql.binlog.BinaryLogClient");
        assertThat(seen.list.get(0).getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void quietLeavesOnlyErrorsOfEveryLibrary() {
        LoggingMixin quiet = new LoggingMixin();
        quiet.quiet = true;
        quiet.apply();

        BINLOG_CLIENT.warning("the binlog client warns");
        LoggerFactory.getLogger("io.debezium.snapshot.SnapshotQueryProvider").warn("Debezium warns");
        LoggerFactory.getLogger("org.apache.kafka.clients.producer.KafkaProducer").warn("Kafka warns");
        LoggerFactory.getLogger("io.debezium.embedded.EmbeddedEngine").error("Debezium fails");
        BINLOG_CLIENT.severe("the binlog client fails");

        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Debezium fails", "the binlog client fails");
    }
}
