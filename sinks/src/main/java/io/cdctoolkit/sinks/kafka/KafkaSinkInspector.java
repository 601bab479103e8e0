package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** {@code check} for a Kafka sink: do the brokers answer, and do they accept this client's security settings. */
final class KafkaSinkInspector {

    private KafkaSinkInspector() {
    }

    static PrerequisiteReport check(KafkaSinkConfig config) throws ConnectivityException {
        String system = "Kafka at " + config.bootstrapServers();
        List<PrerequisiteCheck> items = new ArrayList<>();
        if (!ProducerProperties.acksAll(config.producerProperties())) {
            items.add(PrerequisiteCheck.warn("delivery", "acks=" + config.producerProperties().get("acks")
                            + " with allow_message_loss: true — a broker failure may lose changes whose source position"
                            + " is already committed (not at-least-once)",
                    "use acks: all and remove allow_message_loss for at-least-once delivery"));
        }
        if (EmbeddedKafkaBroker.EMBEDDED.equals(config.bootstrapServers())) {
            items.add(0, PrerequisiteCheck.pass("brokers",
                    "embedded broker, started by run on 127.0.0.1:" + config.embeddedPort() + " (data in "
                            + config.embeddedDir() + ")"));
            return new PrerequisiteReport(system, items);
        }
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
            return new PrerequisiteReport(system, items);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                return new PrerequisiteReport(system, List.of(PrerequisiteCheck.fail("brokers",
                        "the brokers refused this client: " + cause.getMessage(),
                        "check the security block (protocol, SASL mechanism, user, password, trust store)")));
            }
            throw new ConnectivityException(system + ": no answer within " + timeoutMs + " ms: " + cause.getMessage(),
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectivityException(system + ": check interrupted", e);
        }
    }
}
