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
 * {@code check}'s review of the destinations that compaction would cost records: a topic that takes the records of
 * tables without a key (a compacted topic refuses them, and the sink sends them to {@code on_error}), and a
 * dead-letter topic that exists compacted (it keeps only the last dead letter of each key and refuses those
 * without one). A topic that exists is judged by its {@code cleanup.policy}; one the sink would create, by
 * {@code topic_creation.configs} (a dead-letter topic is created without compaction, {@link TopicCreator}). A
 * topic neither existing nor created by the sink gets the brokers' defaults, which are not judged.
 */
final class CompactionReview {

    private static final String NAME = "compaction";

    private CompactionReview() {
    }

    /** One warning per compacted topic that would lose records, a pass when none would; nothing to review: none. */
    static List<PrerequisiteCheck> review(Admin admin, TopicCreationSettings creation, SinkDestinations destinations,
                                          int timeoutMs) throws InterruptedException {
        Set<String> reviewed = new TreeSet<>(destinations.keylessTables().keySet());
        reviewed.addAll(destinations.deadLetters());
        if (reviewed.isEmpty()) return List.of();
        Set<String> existing;
        try {
            existing = admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs).listInternal(false)).names().get();
        } catch (ExecutionException e) {
            return List.of(); // not judged; the sink still refuses such records at run time, with the reason
        }
        Map<ConfigResource, Config> configs = configs(admin, reviewed, existing, timeoutMs);
        List<PrerequisiteCheck> warnings = new ArrayList<>();
        for (String topic : reviewed) {
            boolean deadLetters = destinations.deadLetters().contains(topic);
            Compaction compaction = existing.contains(topic)
                    ? Compaction.ofExisting(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)))
                    : Compaction.ofCreated(creation, deadLetters);
            if (compaction == Compaction.NONE) continue;
            Set<String> keyless = destinations.keylessTables().getOrDefault(topic, Collections.emptySortedSet());
            if (!keyless.isEmpty()) {
                warnings.add(PrerequisiteCheck.warn(NAME, "topic " + topic + " " + compaction.is + ": it refuses records"
                                + " without a key, and the records of " + String.join(", ", keyless)
                                + " have none, so each of them goes to on_error",
                        "give the table(s) a primary key (or a key with value_to_key), or send them to a topic without"
                                + " compaction"));
            }
            if (deadLetters) {
                warnings.add(PrerequisiteCheck.warn(NAME, "dead-letter topic " + topic + " " + compaction.is + ": it keeps"
                                + " only the last dead letter of each key and refuses the dead letters of events without"
                                + " a key",
                        "set its cleanup.policy to delete, or name another dead_letter_topic"));
            }
        }
        if (warnings.isEmpty()) {
            return List.of(PrerequisiteCheck.pass(NAME, "no destination that takes records without a key, and no"
                    + " dead-letter topic, is compacted"));
        }
        return warnings;
    }

    /** The configs of the reviewed topics that exist; empty where this client may not read them. */
    private static Map<ConfigResource, Config> configs(Admin admin, Set<String> reviewed, Set<String> existing,
                                                       int timeoutMs) throws InterruptedException {
        List<ConfigResource> resources = reviewed.stream().filter(existing::contains)
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        if (resources.isEmpty()) return Map.of();
        try {
            return admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(timeoutMs)).all().get();
        } catch (ExecutionException e) {
            return Map.of(); // e.g. no DESCRIBE_CONFIGS permission: the broker still decides at run time
        }
    }

    /** Whether, and why, a topic compacts. */
    private enum Compaction {
        NONE(null), EXISTING("is compacted (cleanup.policy)"),
        CREATED("would be created compacted (topic_creation.configs cleanup.policy)");

        final String is;

        Compaction(String is) {
            this.is = is;
        }

        static Compaction ofExisting(Config config) {
            ConfigEntry policy = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
            return policy != null && policy.value() != null && policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                    ? EXISTING : NONE;
        }

        static Compaction ofCreated(TopicCreationSettings creation, boolean deadLetters) {
            if (!creation.enabled() || deadLetters) return NONE;
            String policy = creation.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG);
            return policy != null && policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT) ? CREATED : NONE;
        }
    }
}
