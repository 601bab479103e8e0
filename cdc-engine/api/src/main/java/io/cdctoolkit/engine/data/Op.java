package io.cdctoolkit.engine.data;

/** The kind of change, with Debezium's one-letter {@code op} codes. */
public enum Op {
    CREATE("c"), READ("r"), UPDATE("u"), DELETE("d"), TRUNCATE("t");

    private final String code;

    Op(String code) {
        this.code = code;
    }

    /** Debezium's envelope {@code op} value: c, r, u, d or t. */
    public String code() {
        return code;
    }

    /** Parses a Debezium op code or an enum name (case-insensitive). */
    public static Op parse(String text) {
        for (Op op : values()) {
            if (op.code.equalsIgnoreCase(text) || op.name().equalsIgnoreCase(text)) return op;
        }
        throw new IllegalArgumentException("unknown op '" + text + "' (expected c, r, u, d or t)");
    }
}
