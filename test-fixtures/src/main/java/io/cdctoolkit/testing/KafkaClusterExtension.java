package io.cdctoolkit.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/**
 * One {@link KafkaTestCluster} per test class, started before its first test and closed after its
 * last: {@code @RegisterExtension static final KafkaClusterExtension kafka = new KafkaClusterExtension();}
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> brokerSettings;
    private KafkaTestCluster cluster;

    /** A cluster with the default one-node settings. */
    public KafkaClusterExtension() {
        this(Map.of());
    }

    /** A cluster with extra broker settings, e.g. {@code auto.create.topics.enable=false}. */
    public KafkaClusterExtension(Map<String, String> brokerSettings) {
        this.brokerSettings = Map.copyOf(brokerSettings);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = KafkaTestCluster.start(brokerSettings);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) cluster.close();
        cluster = null;
    }

    /** The running cluster. */
    public KafkaTestCluster cluster() {
        if (cluster == null) throw new IllegalStateException("the Kafka test cluster runs only during the test class");
        return cluster;
    }

    /** {@link KafkaTestCluster#bootstrapServers()}. */
    public String bootstrapServers() {
        return cluster().bootstrapServers();
    }

    /** {@link KafkaTestCluster#stopBroker()}. */
    public void stopBroker() {
        cluster().stopBroker();
    }

    /** {@link KafkaTestCluster#startBroker()}. */
    public void startBroker() throws Exception {
        cluster().startBroker();
    }
}
