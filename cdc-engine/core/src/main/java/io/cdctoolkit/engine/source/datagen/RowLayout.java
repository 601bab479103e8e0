package io.cdctoolkit.engine.source.datagen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The generated rows' shape: the pattern's columns, then {@code _sequence} and {@code _timestamp} when
 * enabled, then the custom fields in config order. Owns the value and key schemas (built once) and
 * fills the columns that do not belong to the pattern.
 */
final class RowLayout {

    static final String SEQUENCE_FIELD = "_sequence";
    static final String TIMESTAMP_FIELD = "_timestamp";

    private final RowSchema valueSchema;
    private final RowSchema keySchema;
    private final int sequenceIndex;
    private final int timestampIndex;
    private final int customStart;
    private final Object[] customValues;

    private RowLayout(RowSchema valueSchema, RowSchema keySchema, int sequenceIndex, int timestampIndex,
                      int customStart, Object[] customValues) {
        this.valueSchema = valueSchema;
        this.keySchema = keySchema;
        this.sequenceIndex = sequenceIndex;
        this.timestampIndex = timestampIndex;
        this.customStart = customStart;
        this.customValues = customValues;
    }

    /**
     * The layout for a pattern and the settings' optional columns; schemas are named
     * {@code <namespace>.<stream_name>.Value} and {@code .Key} (Debezium's naming).
     *
     * @throws ConfigException when a custom field clashes with a column or has an unusable value
     */
    static RowLayout create(DatagenPattern pattern, DatagenSettings settings, String keyPath) throws ConfigException {
        String prefix = settings.namespace() + "." + settings.streamName();
        List<Field> fields = new ArrayList<>(pattern.fields());
        int sequenceIndex = -1;
        int timestampIndex = -1;
        if (settings.includeSequence()) {
            sequenceIndex = fields.size();
            fields.add(DatagenPattern.column(SEQUENCE_FIELD, FieldType.INT64,
                    "sequence number of the event that wrote this row version"));
        }
        if (settings.includeTimestamp()) {
            timestampIndex = fields.size();
            fields.add(DatagenPattern.column(TIMESTAMP_FIELD, FieldType.TIMESTAMP_TZ,
                    "event time of the event that wrote this row version"));
        }
        int customStart = fields.size();
        List<ConfigProblem> problems = new ArrayList<>();
        List<Object> customValues = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, Object> e : settings.customFields().entrySet()) {
            String path = keyPath + ".custom_fields." + e.getKey();
            if (fields.stream().anyMatch(f -> f.name().equals(e.getKey()))) {
                problems.add(new ConfigProblem(path, "clashes with the generated column '" + e.getKey() + "' of pattern "
                        + pattern.name(), "rename the custom field"));
                continue;
            }
            try {
                CustomValue cv = CustomValue.of(e.getValue(), json);
                fields.add(new Field(e.getKey(), cv.type(), cv.value() == null, null, "custom field"));
                customValues.add(cv.value());
            } catch (IllegalArgumentException ex) {
                problems.add(new ConfigProblem(path, ex.getMessage(),
                        "use a string, number, boolean, list or mapping"));
            }
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        Field key = pattern.fields().get(0);
        RowSchema keySchema = RowSchema.of(prefix + ".Key", key.withOptional(false));
        return new RowLayout(RowSchema.of(prefix + ".Value", fields), keySchema, sequenceIndex, timestampIndex,
                customStart, customValues.toArray());
    }

    RowSchema valueSchema() {
        return valueSchema;
    }

    RowSchema keySchema() {
        return keySchema;
    }

    /** A fresh value array with the custom fields already set. */
    Object[] newValues() {
        Object[] values = new Object[valueSchema.size()];
        System.arraycopy(customValues, 0, values, customStart, customValues.length);
        return values;
    }

    /** Sets {@code _sequence} and {@code _timestamp} (when enabled) for the row version {@code seq} writes. */
    void stamp(Object[] values, long seq, Instant at) {
        if (sequenceIndex >= 0) values[sequenceIndex] = seq;
        if (timestampIndex >= 0) values[timestampIndex] = at;
    }

    /** The primary-key row of a value row. */
    Row keyOf(Row value) {
        return Row.of(keySchema, value.get(0));
    }

    /** A custom field's type and Java value, inferred from its YAML value. */
    private record CustomValue(FieldType type, Object value) {

        static CustomValue of(Object raw, ObjectMapper json) {
            if (raw == null) return new CustomValue(FieldType.STRING, null);
            if (raw instanceof String s) return new CustomValue(FieldType.STRING, s);
            if (raw instanceof Boolean b) return new CustomValue(FieldType.BOOLEAN, b);
            if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
                return new CustomValue(FieldType.INT64, ((Number) raw).longValue());
            }
            if (raw instanceof BigInteger big) {
                if (big.bitLength() > 63) throw new IllegalArgumentException(big + " does not fit a 64-bit integer");
                return new CustomValue(FieldType.INT64, big.longValue());
            }
            if (raw instanceof Double || raw instanceof Float || raw instanceof BigDecimal) {
                return new CustomValue(FieldType.FLOAT64, ((Number) raw).doubleValue());
            }
            if (raw instanceof Map || raw instanceof List) {
                try {
                    return new CustomValue(FieldType.JSON, json.writeValueAsString(raw));
                } catch (JsonProcessingException ex) {
                    throw new IllegalArgumentException("cannot be rendered as JSON: " + ex.getOriginalMessage());
                }
            }
            throw new IllegalArgumentException("unsupported value type " + raw.getClass().getSimpleName());
        }
    }
}
