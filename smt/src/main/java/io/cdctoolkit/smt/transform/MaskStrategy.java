package io.cdctoolkit.smt.transform;

import java.util.Locale;

/** How {@code mask_field} hides a value (its {@code strategy} option). */
enum MaskStrategy {
    /** Kafka MaskField: the type's empty value, or {@code replacement} parsed into the field's type. */
    EMPTY,
    /** A string becomes {@code *} repeated min(length, 20) times (rivven). */
    ASTERISKS,
    /** A string becomes the lowercase hex SHA-256 of its UTF-8 bytes, after an optional salt. */
    HASH,
    /** A string keeps its first and last few characters; the rest become {@code *}. */
    PARTIAL;

    /** The option spelling ({@code empty}, {@code asterisks}, {@code hash}, {@code partial}). */
    static MaskStrategy parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** The option spelling. */
    String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
