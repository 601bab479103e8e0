package io.cdctoolkit.engine.source.postgres;

import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;

import java.util.Map;
import java.util.Properties;

/**
 * The toolkit's converters in a schema-only run ({@code tableSchemas}): the run's snapshot select
 * returns one row of NULLs, and Connect refuses a null in a NOT NULL column's required field before
 * the record exists. Debezium's own converters give such a NULL a fallback value; ours, which never
 * invent values in a real run, do the same only when the run sets {@value #PROPERTY}. The schemas
 * they register are untouched, and the probe reads nothing but schemas from its record.
 */
final class SchemaProbeValues {

    /** The converter property (under the converter's name) that turns placeholders on. */
    static final String PROPERTY = "schema_probe";

    private SchemaProbeValues() {
    }

    /** Turns placeholders on for the converter {@code name} if the properties register it. */
    static void enable(Map<String, String> properties, String name) {
        if (properties.containsKey(name + ".type")) properties.put(name + "." + PROPERTY, "true");
    }

    /** Whether the converter's configuration turns placeholders on. */
    static boolean enabled(Properties converterProperties) {
        return Boolean.parseBoolean(converterProperties.getProperty(PROPERTY, "false"));
    }

    /**
     * {@code converter}, giving {@code placeholder} for a NULL when placeholders are on and the
     * column is NOT NULL; {@code converter} itself otherwise.
     */
    static CustomConverter.Converter of(boolean enabled, RelationalColumn column, CustomConverter.Converter converter,
                                        Object placeholder) {
        if (!enabled || column.isOptional()) return converter;
        return value -> value == null ? placeholder : converter.convert(value);
    }
}
