package io.cdctoolkit.cli;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code %compactEx} in logback.xml: the stack traces that third-party libraries log — Debezium's
 * ERROR with a 40-line trace each time a database connection drops and its task is restarted — become
 * the root cause on the same line, e.g. {@code … will retry later; attempt #1 (PSQLException: Connection
 * refused)}. Our own loggers keep their traces (they log one only for a bug), and {@code -v} shows
 * every trace in full.
 */
public final class CompactThrowableConverter extends ThrowableHandlingConverter {

    /** Loggers whose exceptions are shown as one line unless {@code -v}. */
    static final List<String> COMPACT_LOGGERS = List.of("io.debezium.", "org.apache.kafka.", "kafka.");

    private final ThrowableProxyConverter full = new ThrowableProxyConverter();

    @Override
    public void start() {
        full.setContext(getContext());
        full.start();
        super.start();
    }

    @Override
    public void stop() {
        full.stop();
        super.stop();
    }

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) return "";
        if (!compact(event.getLoggerName())) {
            String trace = full.convert(event);
            return trace.isEmpty() ? "" : CoreConstants.LINE_SEPARATOR + strip(trace);
        }
        return " (" + rootCause(thrown) + ")";
    }

    /** {@code SimpleName: message} of the innermost cause. */
    static String rootCause(IThrowableProxy thrown) {
        IThrowableProxy root = thrown;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String name = root.getClassName();
        String simple = name.substring(name.lastIndexOf('.') + 1);
        String message = root.getMessage();
        return message == null || message.isBlank() ? simple : simple + ": " + message.replace('\n', ' ').strip();
    }

    private static boolean compact(String loggerName) {
        if (LoggerFactory.getLogger("io.cdctoolkit").isDebugEnabled()) return false; // -v
        for (String prefix : COMPACT_LOGGERS) {
            if (loggerName.startsWith(prefix)) return true;
        }
        return false;
    }

    private static String strip(String trace) {
        return trace.endsWith(CoreConstants.LINE_SEPARATOR)
                ? trace.substring(0, trace.length() - CoreConstants.LINE_SEPARATOR.length()) : trace;
    }
}
