package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.RetryableException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Creates a topic the sink writes to ({@link TopicGate} calls it once per topic). A topic that
 * already exists (created earlier, by someone else, or by a concurrent writer) counts as done; its
 * settings are left as they are. The admin client belongs to the caller.
 */
final class TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private final Admin admin;
    private final TopicCreationSettings settings;

    TopicCreator(Admin admin, TopicCreationSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    /**
     * Creates {@code topic}; one that exists already counts as done. A dead-letter topic gets the configured
     * settings without compaction ({@code cleanup.policy: delete} where the configs say {@code compact}): compaction
     * would keep only the last dead letter of each key and drop the others, and a compacted topic refuses the dead
     * letters of keyless events. (Kafka Connect creates its dead-letter queue with the broker's default policy.)
     *
     * @throws InvalidTopicException when Kafka refuses the name (a record-level problem)
     * @throws RetryableException    when the brokers cannot be reached in time
     * @throws FatalException        for anything else (no permission, a bad topic config)
     */
    void create(String topic, boolean deadLetters) throws InterruptedException {
        Map<String, String> configs = deadLetters ? withoutCompaction(settings.configs()) : settings.configs();
        NewTopic newTopic = new NewTopic(topic, settings.partitions(), settings.replicationFactor())
                .configs(configs);
        try {
            admin.createTopics(List.of(newTopic)).all().get();
            LOG.info("Created topic {} (partitions {}, replication factor {}, configs {})", topic,
                    settings.partitions().map(String::valueOf).orElse("broker default"),
                    settings.replicationFactor().map(String::valueOf).orElse("broker default"),
                    configs);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TopicExistsException) return;
            if (cause instanceof InvalidTopicException invalid) throw invalid;
            if (cause instanceof RetriableException) {
                throw new RetryableException("kafka-sink: cannot create topic '" + topic + "': " + cause.getMessage(),
                        cause);
            }
            throw new FatalException("kafka-sink: cannot create topic '" + topic + "': " + cause.getMessage()
                    + " (check topic_creation: partitions, replication_factor, configs, and the principal's"
                    + " CREATE permission; or create the topic yourself and set topic_creation.enabled: false)", cause);
        }
    }

    private static Map<String, String> withoutCompaction(Map<String, String> configs) {
        String policy = configs.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (policy == null || !policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) return configs;
        Map<String, String> deleting = new LinkedHashMap<>(configs);
        deleting.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        return deleting;
    }
}
