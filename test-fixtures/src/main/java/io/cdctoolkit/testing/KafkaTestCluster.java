package io.cdctoolkit.testing;

import kafka.server.BrokerServer;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

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

    /** The user the test's own clients ({@link #clientProperties()}) log in as on a SASL cluster. */
    public static final String SASL_ADMIN = "cdc-test-admin";

    private static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private final KafkaClusterTestKit kit;
    private final Map<String, Object> clientProperties;

    private KafkaTestCluster(KafkaClusterTestKit kit, Map<String, Object> clientProperties) {
        this.kit = kit;
        this.clientProperties = clientProperties;
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
        return start(SecurityProtocol.PLAINTEXT, brokerSettings, Map.of());
    }

    /**
     * A cluster whose client listener is {@code SASL_PLAINTEXT} with the {@code PLAIN} mechanism: only
     * the given users (name → password) and {@link #SASL_ADMIN} (a random password, used by
     * {@link #clientProperties()}) log in; a wrong password is refused with Kafka's
     * {@code SaslAuthenticationException}. No authorizer: an authenticated user may do anything.
     */
    public static KafkaTestCluster startSaslPlain(Map<String, String> users) throws Exception {
        String adminPassword = UUID.randomUUID().toString();
        StringBuilder jaas = new StringBuilder(PLAIN_LOGIN_MODULE + " required username=\"" + SASL_ADMIN
                + "\" password=\"" + adminPassword + "\" user_" + SASL_ADMIN + "=\"" + adminPassword + "\"");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        jaas.append(';');
        Map<String, String> settings = new LinkedHashMap<>();
        // The test kit's SASL defaults add an ACL authorizer with its own users; authentication is what is tested here.
        settings.put("authorizer.class.name", "");
        // Per-listener JAAS (the broker listener is the kit's EXTERNAL) wins over the kit's JVM-wide JAAS file.
        settings.put("listener.name.external.plain.sasl.jaas.config", jaas.toString());
        Map<String, Object> client = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", PLAIN_LOGIN_MODULE + " required username=\"" + SASL_ADMIN + "\" password=\""
                        + adminPassword + "\";");
        return start(SecurityProtocol.SASL_PLAINTEXT, settings, client);
    }

    private static KafkaTestCluster start(SecurityProtocol protocol, Map<String, String> brokerSettings,
                                          Map<String, Object> clientProperties) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBrokerSecurityProtocol(protocol)
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
            return new KafkaTestCluster(kit, clientProperties);
        } finally {
            if (!started) kit.close();
        }
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. Stays the same across broker restarts. */
    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    /**
     * Security properties the test's own clients need (empty for a PLAINTEXT cluster; the
     * {@link #SASL_ADMIN} login for {@link #startSaslPlain}).
     */
    public Map<String, Object> clientProperties() {
        return clientProperties;
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
