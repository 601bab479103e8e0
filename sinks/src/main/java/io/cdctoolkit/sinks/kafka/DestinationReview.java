package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.SinkDestinations;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

/**
 * {@code check}'s review of the destination topics by what the sink does at their first write ({@link TopicGate}),
 * from one read of the topics and their configs:
 * <ul>
 *   <li>{@code compaction}: a topic that takes the records of tables without a key and is compacted refuses them (the
 *       sink sends each to {@code on_error}); a dead-letter topic that exists compacted keeps only the last dead
 *       letter of each key and refuses those without one. A topic that exists is judged by its
 *       {@code cleanup.policy}; one the sink would create, by {@code topic_creation.configs} (a dead-letter topic is
 *       created without compaction, {@link TopicCreator}). Warnings.</li>
 *   <li>{@code batch_size}: an existing topic whose {@code max.message.bytes} is below {@code batch_size} stops
 *       {@code run} at its first write (a refused batch would be split into batches as large and retried for
 *       ever). A failure. (Created topics: a config error, {@link KafkaSinkFactory}.)</li>
 * </ul>
 * A topic that neither exists nor would be created by the sink gets the brokers' defaults, which are not judged; nor
 * is a topic whose configs this client may not read: the sink still judges it at run time.
 */
final class DestinationReview {

    private static final String COMPACTION = "compaction";
    private static final String BATCH_SIZE = "batch_size";

    private final TopicCreationSettings creation;
    private final int batchSize;
    private final SinkDestinations destinations;
    private final Set<String> existing;
    private final Map<ConfigResource, Config> configs;

    private DestinationReview(TopicCreationSettings creation, int batchSize, SinkDestinations destinations,
                              Set<String> existing, Map<ConfigResource, Config> configs) {
        this.creation = creation;
        this.batchSize = batchSize;
        this.destinations = destinations;
        this.existing = existing;
        this.configs = configs;
    }

    /**
     * The review's lines: for each judgement a pass, or one line per topic that fails it; none for a judgement with
     * nothing to judge, and none at all when the topics cannot be listed.
     */
    static List<PrerequisiteCheck> review(Admin admin, TopicCreationSettings creation, int batchSize,
                                          SinkDestinations destinations, int timeoutMs) throws InterruptedException {
        if (destinations.topics().isEmpty() && destinations.keylessTables().isEmpty()) return List.of();
        Set<String> existing;
        try {
            existing = admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs).listInternal(false)).names().get();
        } catch (ExecutionException e) {
            return List.of(); // not judged; the sink still judges each topic at run time, with the reason
        }
        Set<String> read = new TreeSet<>(destinations.topics());
        read.addAll(destinations.keylessTables().keySet());
        read.retainAll(existing);
        DestinationReview review = new DestinationReview(creation, batchSize, destinations, existing,
                configs(admin, read, timeoutMs));
        List<PrerequisiteCheck> lines = new ArrayList<>(review.batchSize(read));
        lines.addAll(review.compaction());
        return lines;
    }

    private List<PrerequisiteCheck> batchSize(Set<String> existingDestinations) {
        List<PrerequisiteCheck> failures = new ArrayList<>();
        int judged = 0;
        for (String topic : existingDestinations) {
            String limit = value(topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (limit == null) continue;
            judged++;
            if (Long.parseLong(limit) < batchSize) {
                failures.add(PrerequisiteCheck.fail(BATCH_SIZE, "topic " + topic + " takes batches of at most " + limit
                                + " bytes (max.message.bytes), below batch_size " + batchSize + ": run stops at its first"
                                + " write to it (a batch the broker refuses would be split into batches as large and"
                                + " retried for ever)",
                        "set batch_size to at most " + limit + ", or raise the topic's max.message.bytes"));
            }
        }
        if (!failures.isEmpty() || judged == 0) return failures;
        return List.of(PrerequisiteCheck.pass(BATCH_SIZE, "batch_size " + batchSize + " fits the max.message.bytes of the "
                + judged + " existing destination topic(s)"));
    }

    private List<PrerequisiteCheck> compaction() {
        Set<String> reviewed = new TreeSet<>(destinations.keylessTables().keySet());
        reviewed.addAll(destinations.deadLetters());
        if (reviewed.isEmpty()) return List.of();
        List<PrerequisiteCheck> warnings = new ArrayList<>();
        for (String topic : reviewed) {
            boolean deadLetters = destinations.deadLetters().contains(topic);
            String compacted = compacted(topic, deadLetters);
            if (compacted == null) continue;
            Set<String> keyless = destinations.keylessTables().getOrDefault(topic, Collections.emptySortedSet());
            if (!keyless.isEmpty()) {
                warnings.add(PrerequisiteCheck.warn(COMPACTION, "topic " + topic + " " + compacted + ": it refuses"
                                + " records without a key, and the records of " + String.join(", ", keyless)
                                + " have none, so each of them goes to on_error",
                        "give the table(s) a primary key (or a key with value_to_key), or send them to a topic without"
                                + " compaction"));
            }
            if (deadLetters) {
                warnings.add(PrerequisiteCheck.warn(COMPACTION, "dead-letter topic " + topic + " " + compacted + ": it"
                                + " keeps only the last dead letter of each key and refuses the dead letters of events"
                                + " without a key",
                        "set its cleanup.policy to delete, or name another dead_letter_topic"));
            }
        }
        if (warnings.isEmpty()) {
            return List.of(PrerequisiteCheck.pass(COMPACTION, "no destination that takes records without a key, and no"
                    + " dead-letter topic, is compacted"));
        }
        return warnings;
    }

    /** How the topic is compacted ("is compacted …", "would be created compacted …"), or null when it is not. */
    private String compacted(String topic, boolean deadLetters) {
        if (existing.contains(topic)) {
            String policy = value(topic, TopicConfig.CLEANUP_POLICY_CONFIG);
            return policy != null && policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                    ? "is compacted (cleanup.policy)" : null;
        }
        if (!creation.enabled() || deadLetters) return null;
        String policy = creation.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
        return policy != null && policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                ? "would be created compacted (topic_creation.configs cleanup.policy)" : null;
    }

    /** An existing topic's config value, or null when unknown. */
    private String value(String topic, String name) {
        Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
        ConfigEntry entry = config == null ? null : config.get(name);
        return entry == null ? null : entry.value();
    }

    /** The configs of the topics; empty where this client may not read them. */
    private static Map<ConfigResource, Config> configs(Admin admin, Set<String> topics, int timeoutMs)
            throws InterruptedException {
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        if (resources.isEmpty()) return Map.of();
        try {
            return admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(timeoutMs)).all().get();
        } catch (ExecutionException e) {
            return Map.of(); // e.g. no DESCRIBE_CONFIGS permission
        }
    }
}
