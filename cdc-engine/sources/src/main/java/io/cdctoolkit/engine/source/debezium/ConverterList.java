package io.cdctoolkit.engine.source.debezium;

import java.util.Map;

/** Debezium's {@code converters} property: the toolkit's converters go after any the {@code debezium:} block lists. */
public final class ConverterList {

    private ConverterList() {
    }

    /** Appends converter {@code name} of class {@code type} to the connector properties {@code p}. */
    public static void append(Map<String, String> p, String name, Class<?> type) {
        p.merge("converters", name, (theirs, ours) -> theirs.isBlank() ? ours : theirs + "," + ours);
        p.put(name + ".type", type.getName());
    }
}
