package io.cdctoolkit.engine.source.postgres.pgoutput;

/**
 * The scale in a PostgreSQL {@code numeric(p,s)} type modifier. Since PostgreSQL 15 the scale may be
 * negative (down to -1000) and is stored in the modifier's low 11 bits as a two's complement
 * ({@code make_numeric_typmod}); reading those bits as unsigned, as pgjdbc and so Debezium do, turns
 * {@code numeric(5,-2)} into a scale of 2046.
 */
public final class NumericTypmod {

    /** The largest scale PostgreSQL allows ({@code NUMERIC_MAX_SCALE}). */
    private static final int MAX_SCALE = 1000;

    private NumericTypmod() {
    }

    /** The declared scale of {@code numeric} type modifier {@code typmod} (at least 4, i.e. constrained). */
    public static int scale(int typmod) {
        return (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
    }

    /**
     * The declared scale from the unsigned 16-bit scale pgjdbc reports ({@code (typmod - 4) & 0xffff}): above
     * PostgreSQL's largest scale it can only be a negative one.
     */
    public static int fromUnsigned(int scale) {
        return scale > MAX_SCALE ? (scale & 0x7ff) - 2048 : scale;
    }
}
