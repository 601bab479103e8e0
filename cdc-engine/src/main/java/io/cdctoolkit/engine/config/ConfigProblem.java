package io.cdctoolkit.engine.config;

/**
 * One thing wrong with a configuration.
 *
 * @param keyPath where, e.g. {@code sources.pg.config.port}
 * @param message what is wrong
 * @param fix     how to fix it (e.g. {@code did you mean events_per_second}), or null
 */
public record ConfigProblem(String keyPath, String message, String fix) {

    @Override
    public String toString() {
        return keyPath + ": " + message + (fix == null ? "" : " (" + fix + ")");
    }
}
