package io.cdctoolkit.engine.spi;

/**
 * One thing wrong with a configuration.
 *
 * <p>Rendered as {@code file:line:column: key.path: message (fix)}, e.g.
 * {@code examples/bad.yaml:7:5: sources.gen.config.evnets_per_second: unknown key 'evnets_per_second'
 * (did you mean events_per_second)}; the parts that are unknown are left out.
 *
 * @param keyPath where, e.g. {@code sources.pg.config.port}; empty when the problem is about the whole file
 * @param message what is wrong
 * @param fix     how to fix it (e.g. {@code did you mean events_per_second}), or null
 * @param file    the config file, or null when not known
 * @param line    1-based line of the key, or 0 when not known
 * @param column  1-based column of the key, or 0 when not known
 */
public record ConfigProblem(String keyPath, String message, String fix, String file, int line, int column) {

    /** A problem whose place in the file is not (yet) known. */
    public ConfigProblem(String keyPath, String message, String fix) {
        this(keyPath, message, fix, null, 0, 0);
    }

    /** This problem at the given place in {@code file}. */
    public ConfigProblem at(String file, int line, int column) {
        return new ConfigProblem(keyPath, message, fix, file, line, column);
    }

    /** Whether the line of the problem is known. */
    public boolean hasLine() {
        return line > 0;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (file != null) {
            out.append(file);
            if (line > 0) out.append(':').append(line);
            if (line > 0 && column > 0) out.append(':').append(column);
            out.append(": ");
        }
        if (keyPath != null && !keyPath.isEmpty()) out.append(keyPath).append(": ");
        out.append(message);
        if (fix != null) out.append(" (").append(fix).append(')');
        return out.toString();
    }
}
