package io.cdctoolkit.schema.format;

import java.util.Objects;

/**
 * A field that may hold a value its schema allows and a format cannot write ({@link SchemaFormat#unwritableValues}).
 *
 * @param path  the field's dotted path in the row ({@code tags}, {@code address.lines})
 * @param value what cannot be written, e.g. {@code a null element}
 * @param why   why the format cannot write it
 */
public record UnwritableValue(String path, String value, String why) {

    public UnwritableValue {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(why, "why");
    }
}
