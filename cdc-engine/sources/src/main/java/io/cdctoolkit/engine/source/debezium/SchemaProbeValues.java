package io.cdctoolkit.engine.source.debezium;

import java.util.Map;
import java.util.Properties;

/**
 * The toolkit's converters in a schema-only run ({@code tableSchemas}): the run's snapshot select
 * returns one row of NULLs, and Connect refuses a null in a NOT NULL column's required field before
 * the record exists. Debezium's own converters give such a NULL a fallback value; ours pass it on (PostgreSQL's put
 * their marker for a value not sent there), or, when the run sets {@value #PROPERTY}, a plain placeholder. The
 * schemas they register are untouched, and the probe reads nothing but schemas from its record.
 */
public final class SchemaProbeValues {

    /** The converter property (under the converter's name) that turns placeholders on. */
    public static final String PROPERTY = "schema_probe";

    private SchemaProbeValues() {
    }

    /** Turns placeholders on for the converter {@code name} if the properties register it. */
    public static void enable(Map<String, String> properties, String name) {
        if (properties.containsKey(name + ".type")) properties.put(name + "." + PROPERTY, "true");
    }

    /** Whether the converter's configuration turns placeholders on. */
    public static boolean enabled(Properties converterProperties) {
        return Boolean.parseBoolean(converterProperties.getProperty(PROPERTY, "false"));
    }
}
