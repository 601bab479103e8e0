package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class KafkaSinkFactoryTest {

    private static final Path STATE = Path.of("/tmp/state");

    private static KafkaSinkConfig config(Object... keyValues) throws ConfigException {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("bootstrap_servers", "broker:9092");
        for (int i = 0; i < keyValues.length; i += 2) raw.put((String) keyValues[i], keyValues[i + 1]);
        Options options = KafkaTestSupport.options(raw);
        return KafkaSinkFactory.config(options, ComponentContext.of("kafka", STATE));
    }

    private static ConfigException problems(Object... keyValues) {
        return catchThrowableOfType(ConfigException.class, () -> config(keyValues));
    }

    @Test
    void isFoundByNameThroughServiceLoader() {
        assertThat(ComponentCatalog.load().sink("kafka")).get().isInstanceOf(KafkaSinkFactory.class);
    }

    @Test
    void defaultsAreIdempotentAllAcksUncompressedAndRetryUntilTheBrokerIsBack() throws Exception {
        Map<String, Object> p = config().producerProperties();
        assertThat(p).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("max.in.flight.requests.per.connection", "5")
                .containsEntry("compression.type", "none").containsEntry("linger.ms", "5")
                .containsEntry("batch.size", "262144")
                .containsEntry("delivery.timeout.ms", Integer.toString(Integer.MAX_VALUE))
                .containsEntry("security.protocol", "PLAINTEXT")
                .doesNotContainKeys("bootstrap.servers", "key.serializer", "value.serializer");
    }

    @Test
    void typedOptionsAcceptKafkaSpellingsAndTheProducerBlockWins() throws Exception {
        Map<String, Object> p = config("linger.ms", 20, "compression.type", "zstd",
                "producer", Map.of("linger.ms", 50, "max.request.size", 2_000_000)).producerProperties();
        assertThat(p).containsEntry("linger.ms", "50").containsEntry("compression.type", "zstd")
                .containsEntry("max.request.size", "2000000");
    }

    @Test
    void acksOtherThanAllTurnsIdempotenceOffAndKeepsOneRequestInFlight() throws Exception {
        assertThat(config("acks", "1", "allow_message_loss", true).producerProperties())
                .containsEntry("enable.idempotence", "false").containsEntry("max.in.flight.requests.per.connection", "1");
    }

    /** The run-time rule (KafkaSinkTest: the first write to such a topic fails), known from the config alone. */
    @Test
    void topicsCreatedWithAMessageLimitBelowTheBatchSizeAreAConfigError() throws Exception {
        ConfigException e = problems("topic_creation", Map.of("enabled", true,
                "configs", Map.of("max.message.bytes", "8000")));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo("sinks.kafka.config.topic_creation.configs.max.message.bytes");
            assertThat(p.message()).contains("at most 8000 bytes, below batch_size 262144")
                    .contains("stop at its first write");
            assertThat(p.fix()).isEqualTo("set batch_size to at most 8000, or raise max.message.bytes");
        });
        assertThat(problems("topic_creation", Map.of("enabled", true, "configs", Map.of("max.message.bytes", "1MB")))
                .problems()).extracting(ConfigProblem::message).containsExactly("'1MB' is not a number of bytes");
        // What fits, or is not created by the sink, is fine.
        assertThat(config("batch_size", 8000, "topic_creation", Map.of("enabled", true,
                "configs", Map.of("max.message.bytes", "8000"))).batchSize()).isEqualTo(8000);
        assertThat(config("topic_creation", Map.of("enabled", false, "configs", Map.of("max.message.bytes", "8000")))
                .topicCreation().enabled()).isFalse();
    }

    @Test
    void acksOtherThanAllIsRefusedUnlessMessageLossIsAllowedExplicitly() {
        assertThat(problems("acks", "1").problems()).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo("sinks.kafka.config.acks");
            assertThat(p.message()).contains("acks 1").contains("lose changes");
            assertThat(p.fix()).contains("acks: all").contains("sinks.kafka.config.allow_message_loss: true");
        });
        assertThat(problems("producer", Map.of("acks", "0", "enable.idempotence", false,
                "max.in.flight.requests.per.connection", 1)).problems())
                .extracting(ConfigProblem::keyPath).containsExactly("sinks.kafka.config.producer.acks");
    }

    @Test
    void partitionerIsKeyBytesByDefaultAndShownInTheSpec() throws Exception {
        assertThat(config().partitioner()).isEqualTo(KeyPartitioning.KEY_BYTES);
        assertThat(config("partitioner", "key_value").partitioner()).isEqualTo(KeyPartitioning.KEY_VALUE);
        assertThat(new KafkaSinkFactory().spec().option("partitioner")).get().satisfies(o -> {
            assertThat(o.defaultValue()).isEqualTo("key_bytes");
            assertThat(o.doc()).contains("key_value").contains("murmur2");
        });
        assertThat(problems("partitioner", "hash").problems()).extracting(ConfigProblem::keyPath)
                .containsExactly("sinks.kafka.config.partitioner");
    }

    @Test
    void keyValuePartitioningRefusesAPartitionerOfTheProducerBlockItWouldOverride() throws Exception {
        ConfigException e = problems("partitioner", "key_value", "producer",
                Map.of("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner",
                        "partitioner.ignore.keys", "true"));
        assertThat(e.problems()).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
                "sinks.kafka.config.producer.partitioner.class", "sinks.kafka.config.producer.partitioner.ignore.keys");
        assertThat(e.problems()).allSatisfy(p -> {
            assertThat(p.message()).contains("sinks.kafka.config.partitioner: key_value");
            assertThat(p.fix()).contains("partitioner: key_bytes");
        });
        // Under key_bytes the producer block's partitioner is Kafka's business, passed through as before.
        assertThat(config("producer", Map.of("partitioner.class",
                "org.apache.kafka.clients.producer.RoundRobinPartitioner")).producerProperties())
                .containsEntry("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner");
        assertThat(config("partitioner", "key_value", "producer", Map.of("partitioner.ignore.keys", false))
                .partitioner()).isEqualTo(KeyPartitioning.KEY_VALUE);
    }

    @Test
    void aBlockedWriteWaitsAMinuteByDefaultNotForEver() throws Exception {
        assertThat(config().producerProperties()).containsEntry("max.block.ms", "60000");
    }

    @Test
    void refusesProducerSettingsThatWouldReorderAKeysChanges() {
        ConfigException e = problems("producer", Map.of("enable.idempotence", false));
        assertThat(e.problems()).extracting(ConfigProblem::keyPath)
                .containsExactly("sinks.kafka.config.producer.max.in.flight.requests.per.connection");
        assertThat(problems("acks", "1", "producer", Map.of("enable.idempotence", true)).problems())
                .extracting(ConfigProblem::keyPath).contains("sinks.kafka.config.producer.enable.idempotence");
    }

    @Test
    void reportsEveryProducerBlockProblemWithItsKeyPath() {
        ConfigException e = problems("producer", Map.of("value.serializer", "x.Y", "bootstrap.servers", "h:1",
                "linger.ms", "soon"));
        assertThat(e.problems()).extracting(ConfigProblem::keyPath).containsExactlyInAnyOrder(
                "sinks.kafka.config.producer.value.serializer", "sinks.kafka.config.producer.bootstrap.servers",
                "sinks.kafka.config.producer");
        assertThat(e.getMessage()).contains("linger.ms").contains("use bootstrap_servers");
    }

    @Test
    void saslScramBuildsTheJaasLineWithEscapedCredentialsAndKeepsThemOutOfText() throws Exception {
        KafkaSinkConfig c = config("security", Map.of("protocol", "SASL_SSL", "sasl_mechanism", "SCRAM-SHA-512",
                "username", "cdc", "password", "p\"w\\d", "truststore_location", "/etc/ca.jks",
                "truststore_password", "trust-secret"));
        assertThat(c.producerProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"cdc\" password=\"p\\\"w\\\\d\";")
                .containsEntry("ssl.truststore.location", "/etc/ca.jks");
        assertThat(c.toString()).contains("SASL_SSL/SCRAM-SHA-512").doesNotContain("p\"w").doesNotContain("trust-secret");
    }

    @Test
    void secretsAreRedactedInTheOptionsPrintout() throws Exception {
        Options options = KafkaTestSupport.options(Map.of("bootstrap_servers", "b:1",
                "security", Map.of("protocol", "SASL_PLAINTEXT", "username", "u", "password", "hunter2")));
        assertThat(options.nested("security").toString()).doesNotContain("hunter2").contains("****");
    }

    @Test
    void saslWithoutCredentialsAndCredentialsWithoutSaslAreErrors() {
        assertThat(problems("security", Map.of("protocol", "SASL_SSL")).problems()).extracting(ConfigProblem::keyPath)
                .containsExactlyInAnyOrder("sinks.kafka.config.security.username",
                        "sinks.kafka.config.security.password");
        assertThat(problems("security", Map.of("username", "u")).problems()).extracting(ConfigProblem::keyPath)
                .containsExactly("sinks.kafka.config.security.username");
    }

    @Test
    void theEmbeddedBrokerLivesUnderTheStateDirectoryOnItsDefaultPortAndSpeaksPlaintextOnly() throws Exception {
        KafkaSinkConfig c = config("bootstrap_servers", "embedded");
        assertThat(c.embeddedDir()).isEqualTo(STATE.resolve("embedded-kafka"));
        assertThat(c.embeddedPort()).isEqualTo(19092);
        assertThat(problems("bootstrap_servers", "embedded", "security",
                Map.of("protocol", "SASL_SSL", "username", "u", "password", "p")).problems())
                .extracting(ConfigProblem::keyPath).containsExactly("sinks.kafka.config.security");
    }

    @Test
    void topicCreationSettingsAndTheirChecks() throws Exception {
        TopicCreationSettings t = config("topic_creation", Map.of("enabled", true, "partitions", 6,
                "replication_factor", 3, "configs", Map.of("cleanup.policy", "compact", "min.insync.replicas", 2)))
                .topicCreation();
        assertThat(t.enabled()).isTrue();
        assertThat(t.partitions()).contains(6);
        assertThat(t.replicationFactor()).contains((short) 3);
        assertThat(t.configs()).containsEntry("cleanup.policy", "compact").containsEntry("min.insync.replicas", "2");
        assertThat(config().topicCreation().enabled()).isFalse();
        assertThat(problems("topic_creation", Map.of("partitions", 0)).problems()).extracting(ConfigProblem::keyPath)
                .containsExactly("sinks.kafka.config.topic_creation.partitions");
    }

    @Test
    void headersAreOnByDefaultAndCanBeTurnedOffOneByOne() throws Exception {
        KafkaSinkConfig on = config();
        assertThat(on.headerOp() && on.headerTable() && on.headerSource()).isTrue();
        KafkaSinkConfig off = config("headers", Map.of("source", false));
        assertThat(off.headerOp()).isTrue();
        assertThat(off.headerSource()).isFalse();
    }

    @Test
    void unknownKeysAndMissingBootstrapAreReportedByTheSpec() {
        assertThatThrownBy(() -> KafkaTestSupport.options(Map.of("bootstrap_server", "b:1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("did you mean bootstrap_servers")
                .hasMessageContaining("sinks.kafka.config.bootstrap_servers: required option is missing");
    }
}
