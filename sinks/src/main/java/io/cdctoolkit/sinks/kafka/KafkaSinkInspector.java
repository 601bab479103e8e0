package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.sinks.kafka.embedded.EmbeddedBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

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
        if (EmbeddedBroker.EMBEDDED.equals(config.bootstrapServers())) {
            String unavailable;
            try {
                unavailable = EmbeddedBroker.unavailable(config.embeddedDir(), config.embeddedPort());
            } catch (java.io.IOException e) {
                unavailable = "cannot read " + config.embeddedDir() + ": " + e.getMessage();
            }
            if (unavailable != null) throw new ConnectivityException(unavailable, null);
            return new PrerequisiteReport(system, List.of(PrerequisiteCheck.pass("brokers",
                    "embedded broker, started by run on 127.0.0.1:" + config.embeddedPort() + " (data in "
                            + config.embeddedDir() + ")")));
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
            return new PrerequisiteReport(system, List.of(PrerequisiteCheck.pass("brokers",
                    "reachable: " + brokers + " broker(s), cluster " + clusterId)));
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
