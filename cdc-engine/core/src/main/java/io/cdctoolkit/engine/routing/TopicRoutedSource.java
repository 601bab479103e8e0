package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SourceFactory;

import java.util.List;

/**
 * A source whose events go to per-table topics chosen by a {@link TopicResolver}. Its
 * {@link SourceFactory} implements this so the {@code topics} dry run and {@code check} can show
 * and check the routing without reading any change.
 */
public interface TopicRoutedSource {

    /** The resolver the source's reader uses for these options. */
    TopicResolver topicResolver(Options options, ComponentContext context) throws ConfigException;

    /** The tables named exactly (not by a glob) in the options' {@code include_tables}. */
    List<TableId> configuredTables(Options options);

    /**
     * A table from its qualified name: {@code database.schema.table}, or {@code database.table} for
     * sources without a schema level (MySQL/MariaDB). Identifiers may contain spaces.
     *
     * @throws IllegalArgumentException when the name has the wrong number of parts
     */
    TableId parseTable(String qualifiedName, Options options);

    /**
     * The source's events that are no table's changes and the topic each kind goes to, by the table identity its
     * events carry, with what they are (e.g. PostgreSQL's logical decoding messages, {@code app.message} →
     * "logical decoding messages"); none by default. The {@code topics} dry run and {@code check} show them and
     * check them for collisions with the tables' topics.
     */
    default java.util.Map<TableId, EventTopic> eventTopics(Options options) throws ConfigException {
        return java.util.Map.of();
    }

    /**
     * A topic of events that are no table's changes.
     *
     * @param topic the topic
     * @param what  what goes there, for people ("logical decoding messages")
     */
    record EventTopic(String topic, String what) {
    }
}
