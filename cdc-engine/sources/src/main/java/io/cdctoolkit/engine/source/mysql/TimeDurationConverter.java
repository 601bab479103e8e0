package io.cdctoolkit.engine.source.mysql;

import io.cdctoolkit.engine.source.debezium.ConverterList;
import io.cdctoolkit.engine.source.debezium.DurationMicrosText;
import io.cdctoolkit.engine.source.debezium.SchemaProbeValues;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Debezium converter for MySQL / MariaDB {@code TIME} columns with {@code time_columns: duration_micros}: the value as
 * the signed number of microseconds it spans ({@link DurationMicrosText}, field type {@code int64}), the whole
 * {@code TIME} range (±838:59:59.999999), where a time of day holds only 00:00–24:00. The same number Debezium's own
 * {@code MicroTime} carries for such a column; the toolkit's converter exists because its default reads that number
 * as a time of day (and refuses it outside one).
 *
 * <p>Debezium hands the converter a {@link Duration} from the binlog and the snapshot's result set, and a column
 * default already converted by its own {@code MicroTime} conversion (a {@link Long} of microseconds: the reason the
 * source requires a microsecond {@code time.precision.mode} with this converter). Anything else is passed on as a text
 * naming its type, which the reader refuses (the event becomes unreadable): a converter that threw would have Debezium
 * log it and deliver null.
 *
 * <p>Public with a no-argument constructor because Debezium instantiates it by class name.
 */
public final class TimeDurationConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** The converter's name in {@code converters}. */
    static final String NAME = "cdctoolkit_time_duration";
    /** The {@code time.precision.mode}s whose {@code TIME} values (column defaults among them) are microseconds. */
    static final Set<String> MICROSECOND_MODES = Set.of("adaptive_time_microseconds", "microseconds");

    /** Registers the converter in the connector properties {@code p}, after any the {@code debezium:} block lists. */
    static void register(Map<String, String> p) {
        ConverterList.append(p, NAME, TimeDurationConverter.class);
    }

    /** In a schema-only run: a placeholder for its row of NULLs ({@link SchemaProbeValues}). */
    private boolean schemaProbe;

    @Override
    public void configure(Properties props) {
        schemaProbe = SchemaProbeValues.enabled(props);
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (!"TIME".equalsIgnoreCase(column.typeName())) return;
        SchemaBuilder schema = DurationMicrosText.builder();
        if (column.isOptional()) schema.optional();
        registration.register(schema, schemaProbe ? value -> value == null ? "0" : micros(value)
                : TimeDurationConverter::micros);
    }

    /** The microseconds of a {@link Duration} as text; for any other value a text the reader refuses. */
    static Object micros(Object value) {
        if (value == null) return null;
        if (value instanceof Long converted) return converted.toString(); // a default, as MicroTime carries it
        if (value instanceof Duration duration) {
            // TIME holds at most microseconds; a finer duration would be a reader's bug: passed on, refused.
            return duration.getNano() % 1000 == 0 ? Long.toString(duration.toNanos() / 1000)
                    : "a duration finer than microseconds: " + duration;
        }
        return "a " + value.getClass().getSimpleName() + " where a duration was expected";
    }
}
