package io.cdctoolkit.engine.source.postgres;

import io.cdctoolkit.engine.source.debezium.ConverterList;
import io.cdctoolkit.engine.source.debezium.ElementText;
import io.cdctoolkit.engine.source.debezium.SchemaProbeValues;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Debezium converter for PostgreSQL enum and enum array columns, with the labels of the enum types there were when
 * the source started ({@link EnumTypes}, handed over in the properties {@value #ENUMS} and {@value #ENUM_ARRAYS}):
 * <ul>
 *   <li>Debezium lists an enum's labels comma-separated in its schemas, so a label holding a comma
 *       ({@code 'a,b'}) became two labels of the field's enum type. Here the labels are listed as they are
 *       ({@link ElementText#enumBuilder}).</li>
 *   <li>Debezium's enum-array conversion fails on a NULL element ({@code '{sad,NULL,ok}'}: its element schema is
 *       not optional) and the whole array arrived as null. Here the elements are the labels, NULL kept.</li>
 * </ul>
 * The field types are otherwise Debezium's ({@code enum[…]}, {@code array<enum[…]>}); a label the labels lack
 * (added by {@code ALTER TYPE … ADD VALUE} since the start) widens the field's type in the reader, as before. A type
 * created after the start is left to Debezium until the next start.
 *
 * <p>Public with a no-argument constructor because Debezium instantiates it by class name.
 */
public final class PostgresEnumConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    /** The converter's name in {@code converters}. */
    static final String NAME = "cdctoolkit_enum";
    /** Converter property: the enum types' OIDs and labels ({@link EnumTypes#encode}), set at start. */
    static final String ENUMS = "enums";
    /** Converter property: the enum array types' OIDs and labels, set at start. */
    static final String ENUM_ARRAYS = "enum_arrays";

    private Map<Integer, List<String>> enums = Map.of();
    private Map<Integer, List<String>> enumArrays = Map.of();
    private boolean schemaProbe;

    /** Registers the converter in the connector properties {@code p}, after any converters already listed. */
    static void register(Map<String, String> p) {
        ConverterList.append(p, NAME, PostgresEnumConverter.class);
    }

    /** The properties that hand this converter the enum types read at start, to set over the engine's. */
    static Map<String, String> types(EnumTypes types) {
        return Map.of(NAME + "." + ENUMS, EnumTypes.encode(types.enums()),
                NAME + "." + ENUM_ARRAYS, EnumTypes.encode(types.arrays()));
    }

    @Override
    public void configure(Properties props) {
        enums = EnumTypes.decode(props.getProperty(ENUMS));
        enumArrays = EnumTypes.decode(props.getProperty(ENUM_ARRAYS));
        schemaProbe = SchemaProbeValues.enabled(props);
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        List<String> labels = enums.get(column.nativeType());
        if (labels != null) {
            // pgjdbc's PGobject (snapshot) and the stream's text both give the label as their text.
            // The schema-only run's placeholder is one of the labels: another would become a symbol of the schema
            // (a label met in a row is added to the field's enum, EnumSymbols).
            String placeholder = labels.isEmpty() ? "" : labels.get(0);
            registration.register(ElementText.enumBuilder(labels), NotSent.orMarker(column,
                    schemaProbe ? placeholder : ElementText.unreadable(NotSent.TEXT),
                    value -> value == null ? null : value.toString()));
            return;
        }
        labels = enumArrays.get(column.nativeType());
        if (labels != null) {
            registration.register(SchemaBuilder.array(ElementText.enumBuilder(labels).optional().build()),
                    NotSent.orMarker(column, schemaProbe ? List.of() : List.of(ElementText.unreadable(NotSent.TEXT)),
                            PostgresArrayConverter::texts));
        }
    }
}
