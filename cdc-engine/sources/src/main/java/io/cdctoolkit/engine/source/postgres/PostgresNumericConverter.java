package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.ConverterList;
import io.cdctoolkit.engine.source.debezium.DecimalText;
import io.cdctoolkit.engine.source.debezium.SchemaProbeValues;
import io.cdctoolkit.engine.source.postgres.pgoutput.NumericTypmod;
import io.debezium.data.SpecialValueDecimal;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * <p>{@code numeric[]} columns get the same treatment element by element (an array of
 * {@link DecimalText}): Debezium decodes such an array through pgjdbc, which fails on a {@code NaN} or
 * infinite element, and Debezium then logs a WARN and leaves the whole array null. Columns are
 * recognised by their PostgreSQL type OID, as Debezium's own schema choice is, so domains over
 * {@code numeric} and {@code numeric[]} are covered too.
 *
 * <p>{@code money} columns too: Debezium's snapshot reads them through a {@code double}, which rounds
 * amounts beyond 15 significant digits silently; such a value is unreadable here (the stream carries
 * it exactly), every other one keeps Debezium's {@code decimal(38, money.fraction.digits)} value.
 *
 * <p>Public with a no-argument constructor because Debezium instantiates it by class name.
 */
public final class PostgresNumericConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** The converter's name in {@code converters}. */
    static final String NAME = "cdctoolkit_numeric";
    /** PostgreSQL's type OIDs of {@code numeric} and {@code numeric[]} (Debezium's {@code PgOid}). */
    private static final int NUMERIC_OID = 1700;
    private static final int NUMERIC_ARRAY_OID = 1231;
    /** The length pgjdbc reports for unconstrained {@code numeric} (Debezium's {@code VARIABLE_SCALE_DECIMAL_LENGTH}). */
    private static final int UNCONSTRAINED_LENGTH = 131089;

    /**
     * Registers the converter in the connector properties {@code p} when decimals are exact
     * ({@code decimal.handling.mode=precise}, the default unless the {@code debezium:} block changes it),
     * after any converters the {@code debezium:} block lists, so theirs win for the columns they take.
     */
    static void register(Map<String, String> p) {
        if (!"precise".equals(p.get("decimal.handling.mode"))) return;
        ConverterList.append(p, NAME, PostgresNumericConverter.class);
        p.put(NAME + "." + MONEY_SCALE, p.getOrDefault("money.fraction.digits", "2"));
    }

    /** Converter property: the scale of {@code money} values (Debezium's {@code money.fraction.digits}). */
    private static final String MONEY_SCALE = "money_scale";
    /** PostgreSQL's type OID of {@code money}. */
    private static final int MONEY_OID = 790;

    /** The scale Debezium gives {@code money} columns. */
    private int moneyScale = 2;
    private boolean schemaProbe;
    /** Arrays of domains, read as their base array types ({@link DomainArrayTypes}, set at start). */
    private DomainArrayTypes domainArrays = DomainArrayTypes.decode(null);

    @Override
    public void configure(Properties props) {
        moneyScale = Integer.parseInt(props.getProperty(MONEY_SCALE, "2"));
        schemaProbe = SchemaProbeValues.enabled(props);
        domainArrays = DomainArrayTypes.decode(props.getProperty(DomainArrayTypes.PROPERTY));
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        int oid = column.nativeType();
        if (oid == NUMERIC_OID) {
            registration.register(textSchema(column),
                    NotSent.orMarker(column, schemaProbe ? "0" : NotSent.TEXT, PostgresNumericConverter::text));
        } else if (oid == MONEY_OID) {
            int scale = moneyScale;
            registration.register(DecimalText.builderOfScale(scale),
                    NotSent.orMarker(column, schemaProbe ? "0" : NotSent.TEXT, value -> money(value, scale)));
        } else if (oid == NUMERIC_ARRAY_OID) {
            // An array column carries its element's precision and scale (Debezium builds the element the same way).
            registration.register(SchemaBuilder.array(textSchema(column).optional().build()),
                    NotSent.orMarker(column, schemaProbe ? List.of() : List.of(NotSent.TEXT), PostgresNumericConverter::texts));
        } else if (domainArrays.arrayType(oid) == NUMERIC_ARRAY_OID) {
            // An array of a domain over numeric: the domain's modifier (the column's is none).
            registration.register(SchemaBuilder.array(textSchema(domainArrays.typmod(oid, -1)).optional().build()),
                    NotSent.orMarker(column, schemaProbe ? List.of() : List.of(NotSent.TEXT), PostgresNumericConverter::texts));
        }
    }

    private static SchemaBuilder textSchema(RelationalColumn column) {
        int length = column.length().orElse(0);
        // pgjdbc reads a PostgreSQL 15+ negative scale as unsigned (numeric(5,-2) → 2046): the declared one.
        int scale = NumericTypmod.fromUnsigned(column.scale().orElse(0));
        // Debezium's own test for a variable-scale column (PostgresValueConverter.isVariableScaleDecimal).
        boolean unconstrained = (length == 0 || length == UNCONSTRAINED_LENGTH) && scale == 0;
        return unconstrained ? DecimalText.builder() : DecimalText.builder(length, scale);
    }

    /** The schema of a numeric of type modifier {@code typmod} ({@code -1}: unconstrained). */
    private static SchemaBuilder textSchema(int typmod) {
        if (typmod < 4) return DecimalText.builder();
        return DecimalText.builder(((typmod - 4) >> 16) & 0xffff, NumericTypmod.scale(typmod));
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

    /**
     * The exact text of a {@code money} value of {@code scale}. The stream and column defaults hand over
     * the exact {@link BigDecimal}; the snapshot a {@code double} (Debezium reads the column through
     * pgjdbc's {@code PGmoney}). A double is taken, as Debezium takes it, only while its spacing is finer
     * than the scale's unit, so that exactly one value of that scale lies within half a spacing of it;
     * beyond (about 7·10<sup>13</sup> at scale 2) it passes a text the reader refuses, instead of a
     * rounded amount. Never throws (Debezium would log it and deliver null).
     */
    static Object money(Object value, int scale) {
        if (value == null) return null;
        // As it is: the reader widens the scale and refuses what would need rounding.
        if (value instanceof BigDecimal decimal) return decimal.toPlainString();
        if (value instanceof Double d) {
            if (Math.ulp(d) < Math.pow(10, -scale)) {
                return BigDecimal.valueOf(d).setScale(scale, RoundingMode.HALF_UP).toPlainString();
            }
            return "(a money amount beyond 15 significant digits that Debezium's snapshot read as the double " + d
                    + ", so its exact value is lost)";
        }
        if (value instanceof Number n) return BigDecimal.valueOf(n.longValue()).setScale(scale, RoundingMode.HALF_UP).toPlainString();
        return value.toString(); // anything else reaches the reader as is; it rejects what is not a number
    }

    /**
     * The exact texts of a {@code numeric[]} value's elements. Snapshot and stream hand over a pgjdbc
     * array. Never throws: a failure here would again be logged by Debezium and become a null array,
     * so anything unexpected is passed on as text the reader refuses (it is not a number).
     */
    static Object texts(Object value) {
        if (value == null) return null;
        if (value instanceof Array array) {
            try {
                return ArrayElementTexts.of(array);
            } catch (IllegalArgumentException e) {
                return List.of(e.getMessage()); // an array whose first index is not 1: refused with that reason
            } catch (SQLException | RuntimeException e) {
                return List.of("array value pgjdbc cannot split (" + e.getMessage() + ")");
            }
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) out.add(text(element));
            return Collections.unmodifiableList(out);
        }
        return List.of(value.toString());
    }
}
