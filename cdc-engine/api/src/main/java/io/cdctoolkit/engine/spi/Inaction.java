package io.cdctoolkit.engine.spi;

/**
 * What {@code check} says of a stage that acts on none of the tables' events ({@link Stage#mayApplyTo} false for every
 * one of them), when a misspelt option is the likely cause: a predicate of a table name that matches none, a router's
 * regex that matches no topic, a field list (missing fields ignored) of fields no table has.
 *
 * @param reason why it acts on none of them, e.g. {@code its predicate matches none of them}
 * @param fix    what to correct
 */
public record Inaction(String reason, String fix) {

    /** Both: this stage's reason, or the other's (a predicate's, then its transform's). */
    public Inaction or(Inaction other) {
        return other == null ? this : new Inaction(reason + ", or " + other.reason, fix + "; " + other.fix);
    }
}
