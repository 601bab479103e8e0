package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.Options;

import java.util.function.Function;

/**
 * The one place readers get their table → topic function from. For now a plain placeholder
 * substitution; this is the seam where {@code TopicResolver.fromOptions(...)} (normalization,
 * truncation, validation) plugs in.
 */
public final class TopicNamer {

    private TopicNamer() {
    }

    /**
     * The topic function for a source: the {@code topic_routing} pattern when given, else the
     * source's {@code topic} when given, else {@code {database}.{schema}.{table}} with absent levels
     * left out (so {@code {database}.{table}} for MySQL/MariaDB).
     */
    public static Function<TableId, String> fromOptions(Options options, String fallbackTopic) {
        String pattern = options.optionalString("topic_routing").orElse(null);
        if (pattern != null) return table -> substitute(pattern, table);
        if (fallbackTopic != null) return table -> fallbackTopic;
        return TopicNamer::defaultTopic;
    }

    /** {@code database.schema.table}, leaving out absent levels. */
    static String defaultTopic(TableId table) {
        return table.toString();
    }

    private static String substitute(String pattern, TableId table) {
        return pattern.replace("{database}", orUnknown(table.database()))
                .replace("{schema}", orUnknown(table.schema()))
                .replace("{table}", orUnknown(table.table()));
    }

    private static String orUnknown(String value) {
        return value == null || value.isEmpty() ? "_unknown_" : value;
    }
}
