package io.cdctoolkit.broker;

import io.cdctoolkit.engine.spi.ConnectivityException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dir;

    @Test
    void restartsOverTheSameDirectoryWithTheDataStillThere() throws Exception {
        int port = freePort();
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port)) {
            String bootstrap = broker.start();
            assertThat(bootstrap).isEqualTo("127.0.0.1:" + port);
            assertThat(broker.isRunning()).isTrue();
            produce(bootstrap, "quickstart", "k1", "v1");
        }
        assertThat(EmbeddedKafkaBroker.isListening(port)).as("port released on close").isFalse();
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port)) {
            String bootstrap = broker.start();
            produce(bootstrap, "quickstart", "k2", "v2");
            assertThat(readAll(bootstrap, "quickstart", 2)).containsExactly("k1=v1", "k2=v2");
        }
    }

    @Test
    void refusesToStartOnAPortInUseAndSaysWhich() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, taken.getLocalPort())) {
            assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining("embedded_port");
            assertThat(broker.isRunning()).isFalse();
        }
    }

    @Test
    void theRunningBrokerDescribesItselfAndALeaseOverItsDirectoryUsesIt() throws Exception {
        int port = freePort();
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port)) {
            broker.start();
            EmbeddedKafkaBroker.Owner owner = EmbeddedKafkaBroker.runningOwner(dir).orElseThrow();
            assertThat(owner.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(owner.port()).isEqualTo(port);
            assertThat(owner.clusterId()).isNotBlank();
            assertThat(dir.resolve(EmbeddedKafkaBroker.OWNER_FILE)).exists();

            try (EmbeddedBrokerLease lease = EmbeddedBrokerLease.acquire(dir, port)) {
                assertThat(lease.startedHere()).isFalse();
                assertThat(lease.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            }
            assertThat(broker.isRunning()).as("a lease that did not start the broker leaves it running").isTrue();
            assertThatThrownBy(() -> EmbeddedBrokerLease.acquire(dir, freePort()))
                    .isInstanceOf(ConnectivityException.class).hasMessageContaining("runs on port " + port);
        }
        assertThat(EmbeddedKafkaBroker.runningOwner(dir)).isEmpty();
        assertThat(dir.resolve(EmbeddedKafkaBroker.OWNER_FILE)).doesNotExist();
    }

    @Test
    void aLeaseNeverUsesAnotherProcessOnThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedBrokerLease.acquire(dir, taken.getLocalPort()))
                    .isInstanceOf(ConnectivityException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1 is in use by another process");
        }
        assertThat(EmbeddedKafkaBroker.runningOwner(dir)).isEmpty();
    }

    static void produce(String bootstrap, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    static List<String> readAll(String bootstrap, String topic, int expected) {
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            for (int i = 0; i < 100 && out.size() < expected; i++) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.key() + "=" + r.value());
                }
            }
        }
        return out;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
