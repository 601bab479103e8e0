package io.cdctoolkit.testing;

import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real single-node KRaft Kafka cluster (one combined broker+controller) running in this JVM, for
 * integration tests. Built on Kafka's own {@link KafkaClusterTestKit}; one per test class is enough.
 *
 * <p>The replication-factor-1 settings matter: without them the internal topics (consumer offsets,
 * transaction state, share-group state) wait forever for replicas that never come, and consumers
 * and transactional producers hang silently.
 *
 * <pre>{@code
 * try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
 *     String bootstrap = kafka.bootstrapServers();
 *     ...
 * }
 * }</pre>
 */
public final class KafkaTestCluster implements AutoCloseable {

    /** Broker settings a one-node cluster needs; see the class comment. */
    static final Map<String, String> SINGLE_NODE_SETTINGS = singleNodeSettings();

    private final KafkaClusterTestKit kit;

    private KafkaTestCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    /** Formats storage in a temporary directory, starts the node and waits until the broker is ready. */
    public static KafkaTestCluster start() throws Exception {
        return start(Map.of());
    }

    /**
     * Like {@link #start()}, with extra broker settings (e.g. {@code message.max.bytes}); they win over
     * the defaults.
     */
    public static KafkaTestCluster start(Map<String, String> brokerSettings) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        Map<String, String> settings = new LinkedHashMap<>(SINGLE_NODE_SETTINGS);
        settings.putAll(brokerSettings);
        settings.forEach(builder::setConfigProp);
        KafkaClusterTestKit kit = builder.build();
        boolean started = false;
        try {
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            started = true;
            return new KafkaTestCluster(kit);
        } finally {
            if (!started) kit.close();
        }
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. Stays the same across broker restarts. */
    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /**
     * Shuts the broker down cleanly (the controller keeps running), as a broker outage clients must
     * ride out. {@link #startBroker()} brings it back on the same port over the same log directory.
     */
    public void stopBroker() {
        broker().shutdown();
    }

    /** Starts the broker stopped by {@link #stopBroker()} and waits until it serves requests again. */
    public void startBroker() throws Exception {
        broker().startup();
        kit.waitForReadyBrokers();
    }

    private BrokerServer broker() {
        return kit.brokers().values().iterator().next();
    }

    /** Stops the node and deletes its directories. */
    @Override
    public void close() throws Exception {
        kit.close();
    }

    private static Map<String, String> singleNodeSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("offsets.topic.replication.factor", "1");
        s.put("transaction.state.log.replication.factor", "1");
        s.put("transaction.state.log.min.isr", "1");
        s.put("share.coordinator.state.topic.replication.factor", "1");
        s.put("share.coordinator.state.topic.min.isr", "1");
        s.put("group.initial.rebalance.delay.ms", "0");
        // The test kit turns unstable versions on by default; clients here must see what production brokers offer.
        s.put("unstable.api.versions.enable", "false");
        s.put("unstable.feature.versions.enable", "false");
        return Map.copyOf(s);
    }
}
