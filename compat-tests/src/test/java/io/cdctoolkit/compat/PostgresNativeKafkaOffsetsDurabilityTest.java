package io.cdctoolkit.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdctoolkit.testing.KafkaTestCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DurabilityScenarios} with {@code engine: native} and {@code offset_storage: kafka}: the same kills and
 * restarts as {@link PostgresNativeDurabilityTest}, the offsets in a Kafka topic (one per scenario, on an
 * in-process broker) instead of the state folder. The saved offset is read from the topic with a plain consumer.
 */
class PostgresNativeKafkaOffsetsDurabilityTest extends PostgresNativeDurabilityTest {

    private static KafkaTestCluster kafka;
    /** The offsets topic of the scenario running (set when its config is written). */
    private String offsetTopic;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) kafka.close();
    }

    @Override
    String sourceYaml(String database, String scenario) {
        offsetTopic = "native-offsets-" + scenario;
        return super.sourceYaml(database, scenario) + "      offset_storage: kafka\n"
                + "      kafka_bootstrap_servers: " + kafka.bootstrapServers() + "\n"
                + "      offset_topic: " + offsetTopic + "\n";
    }

    /** The newest native offsets of source {@code db} in the topic; none in the state folder. */
    @Override
    JsonNode savedOffset(Path sourceStateDir) throws Exception {
        assertThat(sourceStateDir.resolve("native-offsets.properties")).doesNotExist();
        List<ConsumerRecord<byte[], byte[]>> records = KafkaRecords.readAll(kafka.bootstrapServers(), offsetTopic::equals);
        JsonNode newest = null;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode key = KafkaRecords.json(r.key());
            if ("db".equals(key.get(0).asText()) && "native".equals(key.get(1).path("engine").asText())) {
                newest = KafkaRecords.json(r.value());
            }
        }
        assertThat(newest).as("native offsets of source db in topic %s", offsetTopic).isNotNull();
        return newest;
    }
}
