package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.BootstrapProbe;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.engine.spi.SinkDestinations;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

/**
 * {@code check} for a Kafka sink: do the brokers answer, do they accept this client's security
 * settings, do the destination topics exist (when the sink will not create them), and is delivery
 * at-least-once.
 */
final class KafkaSinkInspector {

    private KafkaSinkInspector() {
    }

    static PrerequisiteReport check(KafkaSinkConfig config) throws ConnectivityException {
        return check(config, SinkDestinations.of(Set.of()));
    }

    /**
     * @param destinations the topics the config writes to; with topic creation off, those that do not
     *                     exist are reported (a failure when the brokers do not auto-create topics); those that
     *                     would lose records or stop the sink at their first write are reported too
     *                     ({@link DestinationReview}), except with the embedded broker, which runs only while
     *                     {@code run} does
     */
    static PrerequisiteReport check(KafkaSinkConfig config, SinkDestinations destinations) throws ConnectivityException {
        String system = "Kafka at " + config.bootstrapServers();
        List<PrerequisiteCheck> items = new ArrayList<>();
        if (!ProducerProperties.acksAll(config.producerProperties())) {
            items.add(PrerequisiteCheck.warn("delivery", "acks=" + config.producerProperties().get("acks")
                            + " with allow_message_loss: true — a broker failure may lose changes whose source position"
                            + " is already committed (not at-least-once)",
                    "use acks: all and remove allow_message_loss for at-least-once delivery"));
        }
        if (EmbeddedBroker.EMBEDDED.equals(config.bootstrapServers())) {
            String unavailable;
            try {
                unavailable = EmbeddedBroker.unavailable(config.embeddedDir(), config.embeddedPort());
            } catch (java.io.IOException e) {
                unavailable = "cannot read " + config.embeddedDir() + ": " + e.getMessage();
            }
            if (unavailable != null) throw new ConnectivityException(unavailable, null);
            items.add(0, PrerequisiteCheck.pass("brokers",
                    "embedded broker, started by run on 127.0.0.1:" + config.embeddedPort() + " (data in "
                            + config.embeddedDir() + ")"));
            return new PrerequisiteReport(system, items);
        }
        // Said at once: the admin client would wait out connect_timeout_ms for a port where nothing listens.
        Optional<String> nothingListens = BootstrapProbe.nothingListens(config.bootstrapServers(),
                config.connectTimeout());
        if (nothingListens.isPresent()) throw new ConnectivityException(system + ": " + nothingListens.get(), null);
        Map<String, Object> props = new LinkedHashMap<>(config.producerProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        Map<String, Object> adminProps = ProducerProperties.forAdmin(props);
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "cdc-toolkit-check");
        int timeoutMs = (int) Math.min(config.connectTimeout().toMillis(), Integer.MAX_VALUE);
        try (Admin admin = Admin.create(adminProps)) {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
            int brokers = cluster.nodes().get().size();
            String clusterId = cluster.clusterId().get();
            items.add(0, PrerequisiteCheck.pass("brokers", "reachable: " + brokers + " broker(s), cluster " + clusterId));
            if (!config.topicCreation().enabled() && !destinations.topics().isEmpty()) {
                items.add(topics(admin, cluster, destinations.topics(), timeoutMs));
            }
            items.addAll(DestinationReview.review(admin, config.topicCreation(), config.batchSize(), destinations,
                    timeoutMs));
            return new PrerequisiteReport(system, items);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                return new PrerequisiteReport(system, List.of(PrerequisiteCheck.fail("brokers",
                        "the brokers refused this client: " + cause.getMessage(),
                        "check the security block (protocol, SASL mechanism, user, password, trust store)")));
            }
            String hint = ClientSecurity.plaintextHint(props);
            throw new ConnectivityException(system + ": no answer within " + timeoutMs + " ms: " + cause.getMessage()
                    + (hint.isEmpty() ? "" : " (" + hint + ")"), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectivityException(system + ": check interrupted", e);
        }
    }

    /** Whether every destination topic exists; what happens to those that do not depends on the brokers. */
    private static PrerequisiteCheck topics(Admin admin, DescribeClusterResult cluster, Set<String> destinations,
                                            int timeoutMs) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs(timeoutMs).listInternal(false))
                .names().get();
        Set<String> missing = new TreeSet<>(destinations);
        missing.removeAll(existing);
        if (missing.isEmpty()) {
            return PrerequisiteCheck.pass("topics", destinations.size() + " destination topic(s) exist");
        }
        String which = "topic_creation is off and " + missing.size() + " destination topic(s) do not exist: "
                + String.join(", ", missing);
        String fix = "create them, or set topic_creation.enabled: true";
        Optional<Boolean> autoCreate = autoCreate(admin, cluster, timeoutMs);
        if (autoCreate.orElse(true)) {
            return PrerequisiteCheck.warn("topics", which + (autoCreate.isPresent()
                    ? " (the brokers auto-create topics, with their default partitions and settings)"
                    : " (writes to them wait max_block_ms and fail unless the brokers auto-create topics)"), fix);
        }
        return PrerequisiteCheck.fail("topics", which + "; the brokers do not auto-create topics, so writes to them"
                + " fail after max_block_ms", fix);
    }

    /** The brokers' {@code auto.create.topics.enable}, when this client may read it. */
    private static Optional<Boolean> autoCreate(Admin admin, DescribeClusterResult cluster, int timeoutMs)
            throws InterruptedException {
        try {
            Node node = cluster.nodes().get().iterator().next();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(node.id()));
            Config config = admin.describeConfigs(List.of(broker), new DescribeConfigsOptions().timeoutMs(timeoutMs))
                    .all().get().get(broker);
            ConfigEntry entry = config == null ? null : config.get("auto.create.topics.enable");
            return entry == null || entry.value() == null ? Optional.empty()
                    : Optional.of(Boolean.parseBoolean(entry.value()));
        } catch (ExecutionException | java.util.NoSuchElementException e) {
            return Optional.empty(); // e.g. no DESCRIBE_CONFIGS permission on the cluster
        }
    }
}
