package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.OnCollision;
import io.cdctoolkit.engine.routing.TopicResolver;
import io.cdctoolkit.engine.spi.FatalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The topic of each table a reader meets, with {@code normalization.on_collision} applied while
 * running: the {@code topics} dry run and {@code check} only see the tables known before the start,
 * so a table created later whose topic is already another table's is caught here, when its first
 * change arrives — a {@link FatalException} naming both tables under {@code error}, a warning under
 * {@code warn}. Used by the single converting thread only.
 */
final class TableTopics {

    private static final Logger LOG = LoggerFactory.getLogger(TableTopics.class);

    private final Function<TableId, String> namer;
    private final OnCollision onCollision;
    private final Map<String, TableId> owners = new HashMap<>();
    private final Map<TableId, String> topics = new HashMap<>();

    TableTopics(Function<TableId, String> namer, OnCollision onCollision) {
        this.namer = namer;
        this.onCollision = onCollision;
    }

    /** The topics {@code resolver} gives, under its {@code on_collision} setting. */
    static TableTopics of(TopicResolver resolver) {
        return new TableTopics(resolver::resolve, resolver.onCollision());
    }

    /**
     * The topic for {@code table}.
     *
     * @throws FatalException under {@code on_collision: error} when another table already uses that topic
     */
    String topic(TableId table) {
        String known = topics.get(table);
        if (known != null) return known;
        String topic = namer.apply(table);
        TableId owner = owners.putIfAbsent(topic, table);
        if (owner != null) {
            String message = "tables " + owner + " and " + table + " both resolve to topic '" + topic + "'";
            if (onCollision == OnCollision.ERROR) {
                throw new FatalException(message + " (met while running); change topic_routing or"
                        + " normalization so they differ, or set normalization.on_collision: warn if they are meant to share it");
            }
            LOG.warn("{}; their events share the topic (normalization.on_collision: warn)", message);
        }
        topics.put(table, topic);
        return topic;
    }
}
