package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.CollisionFinding;
import io.cdctoolkit.engine.routing.OnCollision;
import io.cdctoolkit.engine.routing.TopicCollisions;
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
 * change arrives. The findings are {@link TopicCollisions}' own: under {@code error} a
 * {@link FatalException} naming both tables, otherwise (and for topics that differ only by '.' vs
 * '_') a warning. Used by the single converting thread only.
 */
public final class TableTopics {

    private static final Logger LOG = LoggerFactory.getLogger(TableTopics.class);

    private final Function<TableId, String> namer;
    private final OnCollision onCollision;
    private final Map<TableId, String> topics = new HashMap<>();

    TableTopics(Function<TableId, String> namer, OnCollision onCollision) {
        this.namer = namer;
        this.onCollision = onCollision;
    }

    /** The topics {@code resolver} gives, under its {@code on_collision} setting. */
    public static TableTopics of(TopicResolver resolver) {
        return new TableTopics(resolver::resolve, resolver.onCollision());
    }

    /**
     * The topic for {@code table}.
     *
     * @throws FatalException under {@code on_collision: error} when another table already uses that topic
     */
    public String topic(TableId table) {
        String known = topics.get(table);
        if (known != null) return known;
        String topic = namer.apply(table);
        Map<TableId, String> withNew = new HashMap<>(topics);
        withNew.put(table, topic);
        for (CollisionFinding finding : TopicCollisions.check(withNew, onCollision)) {
            if (!finding.tables().contains(table)) continue; // reported when its tables were met
            if (finding.severity() == CollisionFinding.Severity.ERROR) {
                throw new FatalException("table " + table + " met while running: " + finding.message());
            }
            LOG.warn("table {} met while running: {}", table, finding.message());
        }
        topics.put(table, topic);
        return topic;
    }
}
