package io.cdctoolkit.smt;

/**
 * What a field-level transform does when a schema lacks a field its config names. Kafka Connect
 * ignores such fields silently; here the default is an error, so a typo is found by {@code check}
 * instead of leaving a field unmasked. {@code ignore} is for a transform meant for whichever tables
 * have the field.
 */
public enum MissingFields {
    /** A missing field is a schema mismatch (config error in {@code check}, {@code on_error} when running). */
    ERROR,
    /** Missing fields are skipped. */
    IGNORE;

    /** The option spelling ({@code error}, {@code ignore}). */
    public static MissingFields parse(String text) {
        return valueOf(text.toUpperCase(java.util.Locale.ROOT));
    }
}
