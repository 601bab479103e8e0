package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.ConverterList;
import io.cdctoolkit.engine.source.debezium.SchemaProbeValues;
import io.cdctoolkit.engine.source.debezium.TimeText;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Debezium converter for PostgreSQL {@code time[]} columns: the elements as the server wrote them,
 * in an array of {@link TimeText}. Debezium decodes such arrays through pgjdbc into
 * {@code java.sql.Time}, which cuts microseconds to milliseconds and reads {@code 24:00:00} as
 * midnight, both silently; as text the reader gets the exact time of day, and an event holding
 * {@code 24:00:00} becomes unreadable, as it is for a scalar {@code time}. The field type stays
 * {@code array<time>}.
 *
 * <p>Public with a no-argument constructor because Debezium instantiates it by class name.
 */
public final class PostgresTimeArrayConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** The converter's name in {@code converters}. */
    static final String NAME = "cdctoolkit_time_array";
    /** PostgreSQL's type OID of {@code time[]} (Debezium's {@code PgOid.TIME_ARRAY}). */
    private static final int TIME_ARRAY_OID = 1183;
    /** The time modes in which Debezium's {@code time[]} elements are a time of day in microseconds. */
    static final Set<String> MICROSECOND_MODES = Set.of("adaptive_time_microseconds", "microseconds");

    /**
     * Registers the converter in the connector properties {@code p} when times are microseconds (the
     * default unless the {@code debezium:} block changes {@code time.precision.mode}), after any
     * converters already listed, so those win for the columns they take.
     */
    static void register(Map<String, String> p) {
        if (!MICROSECOND_MODES.contains(p.get("time.precision.mode"))) return;
        ConverterList.append(p, NAME, PostgresTimeArrayConverter.class);
    }

    private boolean schemaProbe;
    /** Arrays of domains, read as their base array types ({@link DomainArrayTypes}, set at start). */
    private DomainArrayTypes domainArrays = DomainArrayTypes.decode(null);

    @Override
    public void configure(Properties props) {
        schemaProbe = SchemaProbeValues.enabled(props);
        domainArrays = DomainArrayTypes.decode(props.getProperty(DomainArrayTypes.PROPERTY));
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        if (domainArrays.arrayType(column.nativeType()) != TIME_ARRAY_OID) return;
        registration.register(SchemaBuilder.array(TimeText.builder().optional().build()),
                NotSent.orMarker(column, schemaProbe ? List.of() : List.of(NotSent.TEXT), PostgresTimeArrayConverter::texts));
    }

    /**
     * The texts of a {@code time[]} value's elements. Never throws (Debezium would log it and deliver
     * a null array): what cannot be split is passed on as text the reader refuses.
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
        return List.of(value.toString());
    }
}
