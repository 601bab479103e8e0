package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.DecimalText;
import io.debezium.data.SpecialValueDecimal;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Debezium converter for PostgreSQL {@code numeric} columns: their values as exact text in a
 * {@link DecimalText} schema. Debezium's precise decimal mode cannot put {@code 'NaN'} (nor, in an
 * unconstrained {@code numeric}, {@code 'Infinity'}) in its decimal schemas and leaves the field
 * null, which cannot be told from a real NULL; as text they reach the reader, which makes them
 * unreadable events and every other value exactly what it was before ({@code decimal(p,s)}, or the
 * plain text of an unconstrained numeric).
 *
 * <p>Public with a no-argument constructor because Debezium instantiates it by class name.
 */
public final class PostgresNumericConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** The converter's name in {@code converters}. */
    static final String NAME = "cdctoolkit_numeric";
    /** The length pgjdbc reports for unconstrained {@code numeric} (Debezium's {@code VARIABLE_SCALE_DECIMAL_LENGTH}). */
    private static final int UNCONSTRAINED_LENGTH = 131089;

    /**
     * Registers the converter in the connector properties {@code p} when decimals are exact
     * ({@code decimal.handling.mode=precise}, the default unless the {@code debezium:} block changes it),
     * after any converters the {@code debezium:} block lists, so theirs win for the columns they take.
     */
    static void register(Map<String, String> p) {
        if (!"precise".equals(p.get("decimal.handling.mode"))) return;
        p.merge("converters", NAME, (theirs, ours) -> theirs.isBlank() ? ours : theirs + "," + ours);
        p.put(NAME + ".type", PostgresNumericConverter.class.getName());
    }

    @Override
    public void configure(Properties props) {
        // nothing to configure
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String type = column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT);
        if (!type.equals("numeric") && !type.equals("decimal")) return;
        int length = column.length().orElse(0);
        int scale = column.scale().orElse(0);
        // Debezium's own test for a variable-scale column (PostgresValueConverter.isVariableScaleDecimal).
        boolean unconstrained = (length == 0 || length == UNCONSTRAINED_LENGTH) && scale == 0;
        registration.register(unconstrained ? DecimalText.builder() : DecimalText.builder(length, scale),
                PostgresNumericConverter::text);
    }

    /**
     * The exact text of a value: snapshot and stream hand over a {@link SpecialValueDecimal}, column
     * defaults a {@link BigDecimal} (Debezium gives an unconstrained numeric no default).
     */
    static Object text(Object value) {
        if (value == null) return null;
        if (value instanceof SpecialValueDecimal special) {
            // The special values' doubles print as PostgreSQL spells them: NaN, Infinity, -Infinity.
            return special.getDecimalValue().map(BigDecimal::toPlainString)
                    .orElseGet(() -> Double.toString(special.toDouble()));
        }
        if (value instanceof BigDecimal decimal) return decimal.toPlainString();
        return value.toString(); // anything else reaches the reader as is; it rejects what is not a number
    }
}
