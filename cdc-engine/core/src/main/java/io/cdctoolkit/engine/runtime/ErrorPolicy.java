package io.cdctoolkit.engine.runtime;

import java.util.Locale;

/** What a pipeline does with an event that cannot be transformed, encoded or written ({@code on_error}). */
public enum ErrorPolicy {
    /** Count the event as skipped, log the reason, go on (its position still commits). */
    SKIP,
    /** Stop the pipeline; commit nothing at or after the failed event. */
    STOP,
    /** Write the event with the reason to {@code dead_letter_topic}, then go on. */
    DEAD_LETTER;

    /** The config spelling: skip, stop, dead_letter. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the config spelling. */
    public static ErrorPolicy parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
