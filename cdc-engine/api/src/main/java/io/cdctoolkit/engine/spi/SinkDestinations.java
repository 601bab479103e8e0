package io.cdctoolkit.engine.spi;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code check} knows of the destinations a sink's pipelines write to, for {@link SinkInspector}: every topic
 * (dead-letter topics included), which of them are dead-letter topics, and which take records without a key (the
 * tables whose events, as the transforms leave them, have none). A topic's retention rules can refuse or thin out
 * such records (Kafka: compaction), which the sink can judge and {@code check} cannot.
 *
 * @param topics         every destination, dead-letter topics included
 * @param deadLetters    the dead-letter topics among them
 * @param keylessTables  destination topic → the tables (qualified names) whose records go there without a key;
 *                       only the tables {@code check} could compile, so possibly not all
 */
public record SinkDestinations(Set<String> topics, Set<String> deadLetters, Map<String, SortedSet<String>> keylessTables) {

    public SinkDestinations {
        topics = Set.copyOf(Objects.requireNonNull(topics, "topics"));
        deadLetters = Set.copyOf(Objects.requireNonNull(deadLetters, "deadLetters"));
        Map<String, SortedSet<String>> copy = new TreeMap<>();
        Objects.requireNonNull(keylessTables, "keylessTables")
                .forEach((topic, tables) -> copy.put(topic, Collections.unmodifiableSortedSet(new TreeSet<>(tables))));
        keylessTables = Collections.unmodifiableMap(copy);
    }

    /** Only the topics: nothing known of dead letters or keys. */
    public static SinkDestinations of(Set<String> topics) {
        return new SinkDestinations(topics, Set.of(), Map.of());
    }
}
