package io.cdctoolkit.sinks.kafka;

import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.cdctoolkit.engine.spi.PrerequisiteReport;
import io.cdctoolkit.engine.spi.SinkDestinations;
import io.cdctoolkit.testing.KafkaTestCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check}'s review of the destination topics against a real broker, whose topics are made with the configs the
 * review must read back. (That a compacted topic refuses a keyless record: {@code KafkaSinkRefusedRecordTest}; that a
 * topic whose max.message.bytes is below batch_size fails the first write: {@code KafkaSinkTest}.)
 */
class KafkaSinkDestinationCheckTest {

    @TempDir
    Path state;

    @Test
    void anExistingCompactedTopicTakingKeylessTablesIsAWarningAndOneWithoutCompactionIsNot() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            createTopics(kafka, topic("shop.audit", "cleanup.policy", "compact,delete"),
                    topic("shop.events", "cleanup.policy", "delete"), topic("shop.dlq", "cleanup.policy", "delete"));
            SinkDestinations destinations = new SinkDestinations(Set.of("shop.audit", "shop.events", "shop.dlq"),
                    Set.of("shop.dlq"), Map.of(
                    "shop.audit", new TreeSet<>(Set.of("shop.public.audit_b", "shop.public.audit_a")),
                    "shop.events", new TreeSet<>(Set.of("shop.public.events"))));

            List<PrerequisiteCheck> compaction = compaction(check(kafka, Map.of(), destinations));

            assertThat(compaction).hasSize(1);
            assertThat(compaction.get(0).outcome()).isEqualTo(PrerequisiteCheck.Outcome.WARN);
            assertThat(compaction.get(0).message()).isEqualTo("topic shop.audit is compacted (cleanup.policy): it refuses"
                    + " records without a key, and the records of shop.public.audit_a, shop.public.audit_b have none, so"
                    + " each of them goes to on_error");
        }
    }

    @Test
    void withNothingCompactedTheReviewPassesAndWithNothingToReviewItSaysNothing() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            SinkDestinations keyless = new SinkDestinations(Set.of("shop.logs", "shop.dlq"), Set.of("shop.dlq"),
                    Map.of("shop.logs", new TreeSet<>(Set.of("shop.public.logs"))));
            // Neither topic exists; the sink would create both without compaction.
            Map<String, Object> deleteOnly = Map.of("topic_creation", Map.of("enabled", true,
                    "configs", Map.of("retention.ms", "86400000")));

            List<PrerequisiteCheck> compaction = compaction(check(kafka, deleteOnly, keyless));
            assertThat(compaction).singleElement().satisfies(c -> {
                assertThat(c.outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
                assertThat(c.message()).contains("no destination that takes records without a key");
            });

            assertThat(compaction(check(kafka, deleteOnly, SinkDestinations.of(Set.of("shop.orders"))))).isEmpty();
        }
    }

    @Test
    void anExistingTopicWhoseMessageLimitIsBelowTheBatchSizeFailsAndTheOthersPass() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start()) {
            createTopics(kafka, topic("shop.small", "max.message.bytes", "100000"), new NewTopic("shop.large", 1, (short) 1));

            List<PrerequisiteCheck> small = batchSize(check(kafka, Map.of(),
                    SinkDestinations.of(Set.of("shop.small", "shop.large", "shop.absent"))));
            assertThat(small).singleElement().satisfies(c -> {
                assertThat(c.outcome()).isEqualTo(PrerequisiteCheck.Outcome.FAIL);
                assertThat(c.message()).startsWith("topic shop.small takes batches of at most 100000 bytes"
                        + " (max.message.bytes), below batch_size 262144: run stops at its first write to it");
                assertThat(c.fix()).isEqualTo("set batch_size to at most 100000, or raise the topic's max.message.bytes");
            });

            List<PrerequisiteCheck> fits = batchSize(check(kafka, Map.of("batch_size", 100000),
                    SinkDestinations.of(Set.of("shop.small", "shop.large", "shop.absent"))));
            assertThat(fits).singleElement().satisfies(c -> {
                assertThat(c.outcome()).isEqualTo(PrerequisiteCheck.Outcome.PASS);
                assertThat(c.message()).isEqualTo("batch_size 100000 fits the max.message.bytes of the 2 existing"
                        + " destination topic(s)");
            });
        }
    }

    private static NewTopic topic(String name, String config, String value) {
        return new NewTopic(name, 1, (short) 1).configs(Map.of(config, value));
    }

    private static void createTopics(KafkaTestCluster kafka, NewTopic... topics) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(topics)).all().get();
        }
    }

    private PrerequisiteReport check(KafkaTestCluster kafka, Map<String, Object> extra, SinkDestinations destinations)
            throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(extra);
        config.put("bootstrap_servers", kafka.bootstrapServers());
        return new KafkaSinkFactory().check(KafkaTestSupport.options(config), ComponentContext.of("kafka", state),
                destinations);
    }

    private static List<PrerequisiteCheck> compaction(PrerequisiteReport report) {
        return report.items().stream().filter(c -> c.name().equals("compaction")).toList();
    }

    private static List<PrerequisiteCheck> batchSize(PrerequisiteReport report) {
        return report.items().stream().filter(c -> c.name().equals("batch_size")).toList();
    }
}
