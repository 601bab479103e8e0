package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;
import io.cdctoolkit.smt.transform.RegexRouterFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code regex_router} (Kafka form) against Kafka Connect's {@code RegexRouter} on many topics and every event shape. */
class RegexRouterParityTest {

    private static final List<String> TOPICS = List.of("pg.public.users", "pg.crm.users", "mysql.inventory.orders",
            "users", "ab", "a", "aab", "pg.public.users_2024", "x-y_z.1", "pg..users", "PG.Public.Users");

    /** regex, replacement: groups, named groups, constants, partial matches and Kafka's replaceFirst-after-matches. */
    private static final List<List<String>> CONFIGS = List.of(
            List.of("pg\\.public\\.(.*)", "$1"),
            List.of("(.*)\\.(.*)\\.(.*)", "$3-$2-$1"),
            List.of("(?<db>[^.]+)\\.(?<rest>.*)", "${rest}.${db}"),
            List.of(".*", "all"),
            List.of("pg\\.(public|crm)\\.users", "users_$1"),
            List.of("users", "people"),
            List.of("a|ab", "X"),
            List.of("(a*)(b?)", "$2$1$2"),
            List.of("(?i)pg\\.public\\.users", "folded"),
            List.of("(.+)", "$1.copy"));

    private static Stage ours(String regex, String replacement) throws Exception {
        TransformFactory factory = new RegexRouterFactory();
        return factory.create(Options.of("transforms[0].config", factory.spec().options(),
                        Map.of("regex", regex, "replacement", replacement)), null,
                new ComponentContext("regex_router", "transforms[0]", null, Path.of("."), new SimpleMeterRegistry()));
    }

    private static SinkRecord theirs(String regex, String replacement, ChangeEvent event) {
        try (RegexRouter<SinkRecord> router = new RegexRouter<>()) {
            router.configure(Map.of("regex", regex, "replacement", replacement));
            return router.apply(ConnectRecords.toConnect(event));
        }
    }

    @Test
    void routesEveryTopicAndEveryEventShapeAsKafkaDoes() throws Exception {
        int compared = 0;
        for (long seed : new long[] {1, 2}) {
            List<ChangeEvent> events = CdcInputs.of(seed).allShapes(36);
            for (List<String> config : CONFIGS) {
                Stage router = ours(config.get(0), config.get(1));
                for (int i = 0; i < events.size(); i++) {
                    ChangeEvent event = events.get(i).withTopic(TOPICS.get(i % TOPICS.size()));
                    SinkRecord expected = theirs(config.get(0), config.get(1), event);
                    List<ChangeEvent> out = new ArrayList<>();
                    router.apply(event, out::add);
                    assertThat(out).as("%s on %s", config, event.topic()).hasSize(1);
                    ParityAssertions.assertSameRecord(out.get(0), expected);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(2 * 36 * CONFIGS.size());
    }

    @Test
    void theRoutedTopicIsTheSameForEveryTopicWithEachConfig() throws Exception {
        // every topic against every config, once per topic: the cache must not mix topics up
        ChangeEvent base = CdcInputs.of(3).flatRow(io.cdctoolkit.engine.data.Op.CREATE);
        for (List<String> config : CONFIGS) {
            Stage router = ours(config.get(0), config.get(1));
            for (int round = 0; round < 2; round++) {
                for (String topic : TOPICS) {
                    ChangeEvent event = base.withTopic(topic);
                    List<ChangeEvent> out = new ArrayList<>();
                    router.apply(event, out::add);
                    assertThat(out.get(0).topic()).as("%s on %s", config, topic)
                            .isEqualTo(theirs(config.get(0), config.get(1), event).topic());
                }
            }
        }
    }

    /**
     * Difference from Kafka (docs/transforms.md, regex_router): Kafka hands an illegal topic to the
     * producer, which fails later; ours rejects it at the transform, naming it.
     */
    @Test
    void anIllegalResultIsOursToRejectWhereKafkaPassesItOn() throws Exception {
        ChangeEvent event = CdcInputs.of(4).flatRow(io.cdctoolkit.engine.data.Op.CREATE);
        assertThat(theirs("pg\\.public\\.(.*)", "cdc/$1", event).topic()).isEqualTo("cdc/users");
        Stage router = ours("pg\\.public\\.(.*)", "cdc/$1");
        assertThatThrownBy(() -> router.apply(event, e -> { })).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("'cdc/users' is not a valid Kafka topic name");
    }
}
