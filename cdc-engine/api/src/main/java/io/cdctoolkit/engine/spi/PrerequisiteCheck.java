package io.cdctoolkit.engine.spi;

import java.util.Objects;

/**
 * One prerequisite of a source and whether it holds.
 *
 * @param name    short name, e.g. {@code wal_level}
 * @param outcome PASS, WARN (works with a limitation) or FAIL (capture cannot work)
 * @param message what was found, e.g. {@code wal_level is 'replica'}
 * @param fix     how to fix a WARN or FAIL (SQL or a server setting), or null when it passed
 */
public record PrerequisiteCheck(String name, Outcome outcome, String message, String fix) {

    /** The result of one check. */
    public enum Outcome { PASS, WARN, FAIL }

    public PrerequisiteCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    public static PrerequisiteCheck pass(String name, String message) {
        return new PrerequisiteCheck(name, Outcome.PASS, message, null);
    }

    public static PrerequisiteCheck warn(String name, String message, String fix) {
        return new PrerequisiteCheck(name, Outcome.WARN, message, fix);
    }

    public static PrerequisiteCheck fail(String name, String message, String fix) {
        return new PrerequisiteCheck(name, Outcome.FAIL, message, fix);
    }

    /** True unless the check failed. */
    public boolean ok() {
        return outcome != Outcome.FAIL;
    }
}
