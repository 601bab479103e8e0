package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.FatalException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Makes a topic writable before the sink's first record goes to it: creates it when topic creation
 * is on, then waits until the leader of every partition serves it, and learns whether it is compacted.
 *
 * <p>Why the wait: a broker publishes a new partition in its metadata a moment before it can take
 * writes. An idempotent producer that sends at once gets {@code NOT_LEADER_OR_FOLLOWER} for its first
 * request while the second one, sent a moment later, is accepted (the broker has no producer state yet
 * and takes any first sequence number). Every retry of the first request then fails with
 * {@code OUT_OF_ORDER_SEQUENCE_NUMBER}, for good (KAFKA-15591, fixed in the broker only after 4.1).
 * A {@code ListOffsets} request is answered by the partition's leader only once it serves the
 * partition, so once each partition answers one, produce requests are accepted in order.
 */
final class TopicGate {

    private static final Logger LOG = LoggerFactory.getLogger(TopicGate.class);

    private final Admin admin;
    private final TopicCreator creator;
    private final Function<String, List<PartitionInfo>> partitionsFor;
    private final long timeoutMs;
    private final int batchSize;
    private final Map<String, Boolean> compacted = new ConcurrentHashMap<>();

    /**
     * @param creator       creates missing topics, or null when topic creation is off
     * @param partitionsFor the producer's {@code partitionsFor}: waits up to {@code max.block.ms} for
     *                      the topic's metadata (and lets a broker auto-create it where it does that)
     * @param timeoutMs     how long to wait for the leaders ({@code max_block_ms})
     * @param batchSize     the producer's {@code batch.size}
     */
    TopicGate(Admin admin, TopicCreator creator, Function<String, List<PartitionInfo>> partitionsFor, long timeoutMs,
              int batchSize) {
        this.admin = admin;
        this.creator = creator;
        this.partitionsFor = partitionsFor;
        this.timeoutMs = timeoutMs;
        this.batchSize = batchSize;
    }

    /**
     * Returns once {@code topic} takes writes; at once for a topic seen before.
     *
     * @param deadLetters whether the first record for it is a dead-letter record (the topic is then created
     *                    without compaction, {@link TopicCreator#create})
     * @return whether the topic is compacted (it refuses records without a key)
     * @throws org.apache.kafka.common.errors.InvalidTopicException when Kafka refuses the name
     * @throws FatalException when the topic is missing (creation off) or the leaders do not answer in time
     */
    boolean ensure(String topic, boolean deadLetters) throws InterruptedException {
        Boolean known = compacted.get(topic);
        if (known != null) return known;
        synchronized (this) {
            known = compacted.get(topic);
            if (known != null) return known;
            if (creator != null) creator.create(topic, deadLetters);
            awaitLeaders(topic, partitions(topic));
            boolean compact = checkConfigs(topic);
            compacted.put(topic, compact);
            return compact;
        }
    }

    /**
     * Whether the topic's cleanup policy includes compaction. The broker refuses a keyless record to
     * such a topic together with its whole batch (KIP-467), so the sink refuses it before it is sent.
     * Also refuses a topic whose {@code max.message.bytes} is below {@code batch.size}: the producer
     * splits a batch the broker finds too large into batches of up to {@code batch.size} — the same
     * batch again — and retries it for ever. Unknown configs (no DESCRIBE_CONFIGS permission) pass:
     * the broker still decides.
     */
    private boolean checkConfigs(String topic) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config;
        try {
            config = admin.describeConfigs(List.of(resource),
                    new DescribeConfigsOptions().timeoutMs((int) Math.min(timeoutMs, Integer.MAX_VALUE)))
                    .all().get().get(resource);
        } catch (ExecutionException e) {
            LOG.debug("topic {}: cannot read its configs ({}); the broker checks records itself", topic,
                    e.getCause().toString());
            return false;
        }
        String maxMessage = value(config, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        if (maxMessage != null && Long.parseLong(maxMessage) < batchSize) {
            throw new FatalException("kafka-sink: topic '" + topic + "' takes batches of at most " + maxMessage
                    + " bytes (max.message.bytes) but batch_size is " + batchSize + ": a batch the broker refuses"
                    + " would be split into batches as large and retried for ever. Set batch_size to at most "
                    + maxMessage + ", or raise the topic's max.message.bytes");
        }
        String policy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG);
        return policy != null && policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config == null ? null : config.get(name);
        return entry == null ? null : entry.value();
    }

    private List<PartitionInfo> partitions(String topic) {
        try {
            return partitionsFor.apply(topic);
        } catch (TimeoutException e) {
            throw new FatalException("kafka-sink: topic '" + topic + "' is not in the cluster's metadata after "
                    + timeoutMs + " ms (max_block_ms): " + (creator == null
                    ? "it does not exist and topic_creation is off — create it, or set topic_creation.enabled: true;"
                    + " or the brokers are unreachable" : "the brokers are unreachable"), e);
        }
    }

    private void awaitLeaders(String topic, List<PartitionInfo> partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (PartitionInfo p : partitions) latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        ListOffsetsOptions options = new ListOffsetsOptions().timeoutMs((int) Math.min(timeoutMs, Integer.MAX_VALUE));
        try {
            admin.listOffsets(latest, options).all().get(); // the admin client retries "not leader" until timeoutMs
            LOG.debug("topic {}: the leaders of its {} partition(s) take writes", topic, partitions.size());
        } catch (ExecutionException e) {
            throw new FatalException("kafka-sink: the leaders of topic '" + topic + "' did not answer within "
                    + timeoutMs + " ms (max_block_ms): " + e.getCause().getMessage()
                    + " (check that the brokers are up and that this client may DESCRIBE the topic)", e.getCause());
        }
    }
}
