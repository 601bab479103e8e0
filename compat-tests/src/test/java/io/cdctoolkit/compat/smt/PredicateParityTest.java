package io.cdctoolkit.compat.smt;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;
import io.cdctoolkit.smt.predicate.EventPredicate;
import io.cdctoolkit.smt.transform.RegexRouterFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.apache.kafka.connect.transforms.predicates.HasHeaderKey;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.apache.kafka.connect.transforms.predicates.RecordIsTombstone;
import org.apache.kafka.connect.transforms.predicates.TopicNameMatches;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our {@code topic_matches}, {@code has_header} and {@code is_tombstone} predicate keys against Kafka
 * Connect's {@code TopicNameMatches}, {@code HasHeaderKey} and {@code RecordIsTombstone}, with our
 * {@code negate} against Kafka's {@code negate: true} on the transform entry.
 */
class PredicateParityTest {

    private static final List<String> TOPICS = List.of("pg.public.users", "pg.crm.users", "users", "pg.public.orders");

    /** One of our predicate configs and the equivalent Kafka predicate. */
    private record Pair(Map<String, Object> ours, Supplier<Predicate<SinkRecord>> kafka, Map<String, String> kafkaConfig) {
    }

    private static final List<Pair> PAIRS = List.of(
            new Pair(Map.of("topic_matches", "pg\\.public\\..*"), TopicNameMatches::new, Map.of("pattern", "pg\\.public\\..*")),
            new Pair(Map.of("topic_matches", "users"), TopicNameMatches::new, Map.of("pattern", "users")),
            new Pair(Map.of("topic_matches", ".*users"), TopicNameMatches::new, Map.of("pattern", ".*users")),
            new Pair(Map.of("has_header", "origin"), HasHeaderKey::new, Map.of("name", "origin")),
            new Pair(Map.of("has_header", "trace-id"), HasHeaderKey::new, Map.of("name", "trace-id")),
            new Pair(Map.of("has_header", "missing"), HasHeaderKey::new, Map.of("name", "missing")),
            new Pair(Map.of("is_tombstone", true), RecordIsTombstone::new, Map.of()));

    private static EventPredicate ours(Map<String, Object> keys, boolean negate) throws Exception {
        Map<String, Object> withNegate = new java.util.HashMap<>(keys);
        withNegate.put("negate", negate);
        return EventPredicate.compile(Options.of("transforms[0].predicate", TransformFactory.PREDICATE_OPTIONS, withNegate));
    }

    private static Predicate<SinkRecord> kafka(Pair pair) {
        Predicate<SinkRecord> p = pair.kafka().get();
        p.configure(pair.kafkaConfig());
        return p;
    }

    /** What Kafka Connect's worker does with a transform's predicate (TransformationStage): apply when {@code negate ^ test}. */
    private static boolean kafkaApplies(Predicate<SinkRecord> predicate, boolean negate, SinkRecord record) {
        return negate ^ predicate.test(record);
    }

    private static List<ChangeEvent> inputs(long seed) {
        List<ChangeEvent> events = CdcInputs.of(seed).allShapes(48);
        List<ChangeEvent> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) out.add(events.get(i).withTopic(TOPICS.get(i % TOPICS.size())));
        return out;
    }

    @Test
    void eachKeyAndNegateDecideAsKafkasPredicates() throws Exception {
        int applied = 0;
        int skipped = 0;
        for (Pair pair : PAIRS) {
            for (boolean negate : new boolean[] {false, true}) {
                EventPredicate ours = ours(pair.ours(), negate);
                Predicate<SinkRecord> kafka = kafka(pair);
                for (long seed : new long[] {21, 22}) {
                    for (ChangeEvent event : inputs(seed)) {
                        boolean expected = kafkaApplies(kafka, negate, ConnectRecords.toConnect(event));
                        assertThat(ours.test(event)).as("%s negate=%s on %s (headers %s, tombstone %s)", pair.ours(),
                                negate, event.topic(), event.headers(), event.isTombstone()).isEqualTo(expected);
                        if (expected) applied++; else skipped++;
                    }
                }
                kafka.close();
            }
        }
        assertThat(applied).isPositive();
        assertThat(skipped).isPositive();
    }

    @Test
    void aPredicatedTransformChangesTheSameRecordsAsKafkas() throws Exception {
        TransformFactory factory = new RegexRouterFactory();
        Map<String, String> routing = Map.of("regex", "pg\\.(\\w+)\\.(\\w+)", "replacement", "$2.$1");
        for (Pair pair : PAIRS) {
            for (boolean negate : new boolean[] {false, true}) {
                Map<String, Object> keys = new java.util.HashMap<>(pair.ours());
                keys.put("negate", negate);
                Stage ours = factory.create(Options.of("transforms[0].config", factory.spec().options(), routing),
                        Options.of("transforms[0].predicate", TransformFactory.PREDICATE_OPTIONS, keys),
                        new ComponentContext("regex_router", "transforms[0]", null, Path.of("."), new SimpleMeterRegistry()));
                Predicate<SinkRecord> kafka = kafka(pair);
                try (RegexRouter<SinkRecord> router = new RegexRouter<>()) {
                    router.configure(routing);
                    for (ChangeEvent event : inputs(23)) {
                        SinkRecord record = ConnectRecords.toConnect(event);
                        SinkRecord expected = kafkaApplies(kafka, negate, record) ? router.apply(record) : record;
                        List<ChangeEvent> out = new ArrayList<>();
                        ours.apply(event, out::add);
                        assertThat(out).hasSize(1);
                        ParityAssertions.assertSameRecord(out.get(0), expected);
                    }
                }
                kafka.close();
            }
        }
    }
}
