package io.cdctoolkit.engine.source.debezium;

import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The Connect schema of a decimal column carried as its exact text: digits, or the
 * database's words for values no decimal holds ({@code NaN}, {@code Infinity}, {@code -Infinity}).
 * Debezium's own {@code Decimal} and {@code VariableScaleDecimal} schemas cannot carry those and turn
 * them into null. A column with this schema keeps the field type those schemas give ({@code decimal(p,s)};
 * {@code string} without the precision and scale parameters, for an unconstrained numeric), and such
 * a value makes the event unreadable.
 */
public final class DecimalText {

    /** The schema name. */
    public static final String LOGICAL_NAME = "io.cdctoolkit.DecimalText";
    /** Schema parameter: the declared precision (total digits). */
    public static final String PRECISION = "precision";
    /** Schema parameter: the declared scale (digits after the point; PostgreSQL 15+ allows it negative). */
    public static final String SCALE = "scale";

    private DecimalText() {
    }

    /** A string schema builder for an unconstrained (variable-scale) numeric column (the caller sets optional). */
    public static SchemaBuilder builder() {
        return SchemaBuilder.string().name(LOGICAL_NAME);
    }

    /**
     * A string schema builder for a column of a fixed scale without a declared precision (PostgreSQL
     * {@code money}; the field type is then Debezium's for it, {@code decimal(38, scale)}).
     */
    public static SchemaBuilder builderOfScale(int scale) {
        return builder().parameter(SCALE, String.valueOf(scale));
    }

    /** A string schema builder for a {@code decimal(precision, scale)} column (the caller sets optional). */
    public static SchemaBuilder builder(int precision, int scale) {
        return builder()
                .parameter(PRECISION, String.valueOf(precision))
                .parameter(SCALE, String.valueOf(scale));
    }
}
