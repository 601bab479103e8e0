package io.cdctoolkit.schema.compat;

import io.cdctoolkit.schema.avro.AvroProperties;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of an Avro schema whose logical type another version changes while Avro's resolution rules — the
 * compatibility check of Confluent's registry, Apicurio's and {@link AvroCompatibilityChecker} — pass it: those rules
 * look at the physical types only (AVRO-2078), so {@code numeric(10,2)} altered to {@code numeric(12,3)} (decimal scale 2
 * → 3, both {@code bytes}), to {@code text} ({@code bytes} → {@code string}), or {@code timestamp-millis} becoming
 * {@code timestamp-micros} are "compatible", and a consumer reading an older record with the newer schema gets another
 * value without an error: 12.34 read as 1.234. Written by hand because no Avro or registry library reports it.
 *
 * <p>Compared: each field both versions have (by name, or by an alias of the newer one), in records, nullable unions,
 * arrays and maps; a logical type added, removed or changed (a decimal's scale — a precision change alone reads the
 * same digits), and cdc-toolkit's {@link AvroProperties#CDC_TYPE} (a wall-clock timestamp read as an instant).
 */
public final class AvroLogicalTypeChanges {

    private final List<String> changes = new ArrayList<>();
    private final Set<String> comparedRecords = new HashSet<>();

    private AvroLogicalTypeChanges() {
    }

    /**
     * One line per field of {@code newer} whose logical type differs from {@code older}'s, each starting with the
     * field's record and name ({@code shop.orders.Value.price: …}) and saying what a consumer reading older records with
     * {@code newer} gets; none when either is not Avro or does not parse (the compatibility check reports that).
     */
    public static List<String> between(SchemaText older, SchemaText newer) {
        if (older.type() != SchemaType.AVRO || newer.type() != SchemaType.AVRO) return List.of();
        Schema olderSchema;
        Schema newerSchema;
        try {
            olderSchema = AvroTexts.parse(older);
            newerSchema = AvroTexts.parse(newer);
        } catch (RuntimeException e) {
            return List.of();
        }
        AvroLogicalTypeChanges review = new AvroLogicalTypeChanges();
        review.compare(olderSchema, newerSchema, newerSchema.getType() == Schema.Type.RECORD ? "" : "(value)");
        return List.copyOf(review.changes);
    }

    private void compare(Schema older, Schema newer, String path) {
        older = nonNull(older);
        newer = nonNull(newer);
        if (older.getType() == Schema.Type.RECORD && newer.getType() == Schema.Type.RECORD) {
            if (!comparedRecords.add(older.getFullName() + " " + newer.getFullName())) return; // before and after share one
            for (Schema.Field field : newer.getFields()) {
                Schema.Field was = olderField(older, field);
                if (was != null) compare(was.schema(), field.schema(), newer.getFullName() + "." + field.name());
            }
        } else if (older.getType() == Schema.Type.ARRAY && newer.getType() == Schema.Type.ARRAY) {
            compare(older.getElementType(), newer.getElementType(), path + "[]");
        } else if (older.getType() == Schema.Type.MAP && newer.getType() == Schema.Type.MAP) {
            compare(older.getValueType(), newer.getValueType(), path + "{}");
        } else if (older.getType() != Schema.Type.UNION && newer.getType() != Schema.Type.UNION) {
            String consequence = consequence(older, newer);
            if (consequence != null) {
                changes.add(path + ": " + describe(older) + " → " + describe(newer) + ": Avro's compatibility rules"
                        + " ignore logical types, so a registry accepts this; a consumer reading an older record with"
                        + " the newer schema " + consequence);
            }
        }
    }

    /** The older field the newer one reads: the same name, or one of its aliases. */
    private static Schema.Field olderField(Schema older, Schema.Field field) {
        Schema.Field same = older.getField(field.name());
        if (same != null) return same;
        for (String alias : field.aliases()) {
            Schema.Field aliased = older.getField(alias);
            if (aliased != null) return aliased;
        }
        return null;
    }

    /** The other branch of a {@code [null, X]} union; anything else as it is. */
    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION || schema.getTypes().size() != 2) return schema;
        Schema first = schema.getTypes().get(0);
        Schema second = schema.getTypes().get(1);
        if (first.getType() == Schema.Type.NULL) return second;
        return second.getType() == Schema.Type.NULL ? first : schema;
    }

    /** What a consumer gets of an older value through {@code newer}; null when it reads the same value. */
    private static String consequence(Schema older, Schema newer) {
        LogicalType was = older.getLogicalType();
        LogicalType is = newer.getLogicalType();
        String wasCdcType = older.getProp(AvroProperties.CDC_TYPE);
        String isCdcType = newer.getProp(AvroProperties.CDC_TYPE);
        if (was instanceof LogicalTypes.Decimal d && is instanceof LogicalTypes.Decimal n) {
            if (d.getScale() == n.getScale()) return null; // the same digits at the same scale
            BigInteger digits = BigInteger.valueOf(1234);
            return "reads its decimals at scale " + n.getScale() + " instead of " + d.getScale() + ": "
                    + new BigDecimal(digits, d.getScale()).toPlainString() + " reads as "
                    + new BigDecimal(digits, n.getScale()).toPlainString();
        }
        if (Objects.equals(name(was), name(is))) {
            if (Objects.equals(wasCdcType, isCdcType)) return null;
            return "reads " + timestampKind(wasCdcType) + " as " + timestampKind(isCdcType)
                    + " (the same number, another meaning)";
        }
        if (was instanceof LogicalTypes.Decimal) {
            return newer.getType() == Schema.Type.STRING
                    ? "reads each decimal's unscaled two's-complement bytes as a UTF-8 string, not its digits"
                    : "gets each decimal's unscaled two's-complement bytes, without its scale";
        }
        if (unit(was) != null && unit(is) != null && !unit(was).equals(unit(is))) {
            return "reads its " + unit(was) + " as " + unit(is) + ": every older value off by a factor of 1000";
        }
        return "reads values written as " + describe(older) + " as " + describe(newer);
    }

    private static String name(LogicalType type) {
        return type == null ? null : type.getName();
    }

    /** The unit of a time logical type, or null. */
    private static String unit(LogicalType type) {
        String name = name(type);
        if (name == null) return null;
        if (name.endsWith("-millis")) return "milliseconds";
        if (name.endsWith("-micros")) return "microseconds";
        if (name.endsWith("-nanos")) return "nanoseconds";
        return null;
    }

    private static String timestampKind(String cdcType) {
        if ("timestamp".equals(cdcType)) return "wall-clock times (no zone)";
        if ("timestamp_tz".equals(cdcType)) return "instants (UTC)";
        return "values without " + AvroProperties.CDC_TYPE;
    }

    /** {@code bytes decimal(10,2)}, {@code long timestamp-micros (cdc.type timestamp)}, {@code string}. */
    private static String describe(Schema schema) {
        StringBuilder text = new StringBuilder(schema.getType().getName());
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal d) {
            text.append(" decimal(").append(d.getPrecision()).append(',').append(d.getScale()).append(')');
        } else if (logical != null) {
            text.append(' ').append(logical.getName());
        }
        String cdcType = schema.getProp(AvroProperties.CDC_TYPE);
        if (cdcType != null) text.append(" (").append(AvroProperties.CDC_TYPE).append(' ').append(cdcType).append(')');
        return text.toString();
    }
}
