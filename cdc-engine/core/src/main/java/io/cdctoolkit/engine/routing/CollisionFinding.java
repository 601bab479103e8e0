package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;

import java.util.List;

/**
 * One routing collision found by {@link TopicCollisions}.
 *
 * @param severity error or warning
 * @param kind     what collides
 * @param topics   the topic(s) involved, sorted
 * @param tables   every table involved, sorted by name
 * @param message  a sentence naming the topics and tables, with what to do
 */
public record CollisionFinding(Severity severity, Kind kind, List<String> topics, List<TableId> tables,
                               String message) {

    public CollisionFinding {
        topics = List.copyOf(topics);
        tables = List.copyOf(tables);
    }

    /** How bad a finding is. */
    public enum Severity { ERROR, WARNING }

    /** What a finding is about. */
    public enum Kind {
        /** Two or more distinct tables resolve to the same topic: their events would mix. */
        SAME_TOPIC,
        /**
         * Topics that differ only by '.' vs '_': Kafka maps both to the same metric name, so their
         * metrics clash (Kafka warns about this when such topics are created).
         */
        METRIC_NAME_CLASH
    }

    @Override
    public String toString() {
        return severity + ": " + message;
    }
}
