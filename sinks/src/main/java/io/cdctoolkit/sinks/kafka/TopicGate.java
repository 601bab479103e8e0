package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.FatalException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Makes a topic writable before the sink's first record goes to it: creates it when topic creation
 * is on, then waits until the leader of every partition serves it.
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
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    /**
     * @param creator       creates missing topics, or null when topic creation is off
     * @param partitionsFor the producer's {@code partitionsFor}: waits up to {@code max.block.ms} for
     *                      the topic's metadata (and lets a broker auto-create it where it does that)
     * @param timeoutMs     how long to wait for the leaders ({@code max_block_ms})
     */
    TopicGate(Admin admin, TopicCreator creator, Function<String, List<PartitionInfo>> partitionsFor, long timeoutMs) {
        this.admin = admin;
        this.creator = creator;
        this.partitionsFor = partitionsFor;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Returns once {@code topic} takes writes; at once for a topic seen before.
     *
     * @throws org.apache.kafka.common.errors.InvalidTopicException when Kafka refuses the name
     * @throws FatalException when the topic is missing (creation off) or the leaders do not answer in time
     */
    void ensure(String topic) throws InterruptedException {
        if (ready.contains(topic)) return;
        synchronized (this) {
            if (ready.contains(topic)) return;
            if (creator != null) creator.create(topic);
            awaitLeaders(topic, partitions(topic));
            ready.add(topic);
        }
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
