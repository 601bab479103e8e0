package io.cdctoolkit.engine.routing;

import io.cdctoolkit.engine.data.TableId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Finds routing collisions in a table → topic map (used by the {@code topics} dry run and by
 * {@code check}): distinct tables sharing a topic (an error, or a warning with
 * {@code on_collision: warn}), and topics that differ only by '.' vs '_' (always a warning).
 */
public final class TopicCollisions {

    private static final Comparator<TableId> BY_NAME = Comparator.comparing(TableId::toString)
            .thenComparing(t -> String.valueOf(t.database())).thenComparing(t -> String.valueOf(t.schema()));

    private TopicCollisions() {
    }

    /** {@link #check(Map, OnCollision)} with the default {@link OnCollision#ERROR}. */
    public static List<CollisionFinding> check(Map<TableId, String> topics) {
        return check(topics, OnCollision.ERROR);
    }

    /**
     * Every collision in {@code topics} (table → its resolved topic), same-topic findings first,
     * each group in topic order, so the output is stable.
     */
    public static List<CollisionFinding> check(Map<TableId, String> topics, OnCollision onCollision) {
        Map<String, List<TableId>> byTopic = new TreeMap<>();
        topics.forEach((table, topic) -> byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(table));

        List<CollisionFinding> findings = new ArrayList<>();
        CollisionFinding.Severity severity = onCollision == OnCollision.WARN
                ? CollisionFinding.Severity.WARNING : CollisionFinding.Severity.ERROR;
        byTopic.forEach((topic, tables) -> {
            if (tables.size() > 1) {
                List<TableId> sorted = tables.stream().sorted(BY_NAME).toList();
                findings.add(new CollisionFinding(severity, CollisionFinding.Kind.SAME_TOPIC, List.of(topic), sorted,
                        "tables " + names(sorted) + (sorted.size() == 2 ? " both" : " all") + " resolve to topic '" + topic + "'; change topic_routing or"
                                + " normalization so they differ (normalization.on_collision: warn accepts it)"));
            }
        });

        Map<String, TreeSet<String>> byMetricName = new TreeMap<>();
        for (String topic : byTopic.keySet()) {
            byMetricName.computeIfAbsent(topic.replace('.', '_'), k -> new TreeSet<>()).add(topic);
        }
        byMetricName.values().stream().filter(group -> group.size() > 1).forEach(group -> {
            List<TableId> tables = group.stream().flatMap(t -> byTopic.get(t).stream()).sorted(BY_NAME).toList();
            findings.add(new CollisionFinding(CollisionFinding.Severity.WARNING, CollisionFinding.Kind.METRIC_NAME_CLASH,
                    List.copyOf(group), tables, "topics " + group.stream().map(t -> "'" + t + "'")
                    .collect(Collectors.joining(", ")) + " differ only by '.' vs '_' and share Kafka metric names"
                    + " (tables " + names(tables) + "); use only one of '.' and '_' as a separator"));
        });
        return findings;
    }

    /** Whether any finding is an error. */
    public static boolean hasErrors(List<CollisionFinding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == CollisionFinding.Severity.ERROR);
    }

    private static String names(List<TableId> tables) {
        return tables.stream().map(TableId::toString).collect(Collectors.joining(", "));
    }
}
