package io.cdctoolkit.engine.data;

/**
 * The kind of change, with Debezium's one-letter {@code op} codes. {@link #MESSAGE} is not a row change:
 * a logical decoding message a PostgreSQL source was asked to emit ({@code message_prefixes}); its value is
 * Debezium's message row ({@code op, ts_ms, source, message}), not an envelope; nor is {@link #TRANSACTION}.
 */
public enum Op {
    CREATE("c"), READ("r"), UPDATE("u"), DELETE("d"), TRUNCATE("t"), MESSAGE("m"),
    /**
     * A transaction's {@code BEGIN} or {@code END} record ({@link TransactionMetadata}); Debezium's records carry no
     * op, so the code {@code tx} is the toolkit's (its {@code cdc.op} header, predicates' {@code operations}).
     */
    TRANSACTION("tx");

    private final String code;

    Op(String code) {
        this.code = code;
    }

    /** Debezium's {@code op} value: c, r, u, d, t or m; {@code tx} for {@link #TRANSACTION}. */
    public String code() {
        return code;
    }

    /** Parses a Debezium op code or an enum name (case-insensitive). */
    public static Op parse(String text) {
        for (Op op : values()) {
            if (op.code.equalsIgnoreCase(text) || op.name().equalsIgnoreCase(text)) return op;
        }
        throw new IllegalArgumentException("unknown op '" + text + "' (expected c, r, u, d, t, m or tx)");
    }
}
