package io.cdctoolkit.engine.routing;

/**
 * One thing wrong with a topic pattern.
 *
 * @param column  where, 1-based, counted in characters (code points) of the pattern
 * @param message what is wrong
 * @param fix     how to fix it
 */
public record PatternProblem(int column, String message, String fix) {

    @Override
    public String toString() {
        return "column " + column + ": " + message + " (" + fix + ")";
    }
}
