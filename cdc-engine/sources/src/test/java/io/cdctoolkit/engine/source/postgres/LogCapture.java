package io.cdctoolkit.engine.source.postgres;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What some classes log at or above a level while this is open: the lines a user's log would show of them. */
final class LogCapture implements AutoCloseable {

    private final List<Logger> loggers;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender;

    private LogCapture(Level least, List<Logger> loggers) {
        this.loggers = loggers;
        this.appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(least)) messages.add(event.getFormattedMessage());
            }
        };
        appender.start();
        loggers.forEach(logger -> logger.addAppender(appender));
    }

    /** Captures the lines {@code sources} log at {@code least} or above, from now until {@link #close}. */
    static LogCapture atLeast(Level least, Class<?>... sources) {
        return new LogCapture(least, Arrays.stream(sources).map(c -> (Logger) LoggerFactory.getLogger(c)).toList());
    }

    /** The formatted messages so far, in order (a live view: it grows while open). */
    List<String> messages() {
        return messages;
    }

    void clear() {
        messages.clear();
    }

    @Override
    public void close() {
        loggers.forEach(logger -> logger.detachAppender(appender));
        appender.stop();
    }
}
