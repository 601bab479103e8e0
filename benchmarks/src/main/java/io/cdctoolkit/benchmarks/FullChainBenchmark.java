package io.cdctoolkit.benchmarks;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.testing.ApicurioRegistry;
import org.apache.kafka.connect.sink.SinkRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 11's bar: the whole chain, transforms and encoding, ours against the registry-centric peer, in
 * the same run, one thread (= per core). One operation = one change event made into the key and value
 * bytes of its Kafka record:
 * <ul>
 *   <li>{@code ourChain}: our seven transforms ({@link ChainStep#CHAIN}, as in
 *       {@link TransformChainBenchmark}) + our Avro encoder ({@code schema_registry.mode: external},
 *       created from config as the pipeline does, {@link Encoders}) for the key and the value;</li>
 *   <li>{@code connectChain}: the same chain of Kafka Connect SMTs + Debezium's
 *       {@code ExtractNewRecordState} + Apicurio's Kafka Connect {@code AvroConverter}
 *       ({@link ApicurioAvroConverter}) for the key and the value, as a Connect worker runs them.</li>
 * </ul>
 * Both talk to one real Apicurio Registry 3.3.3, started in setup (test-fixtures' {@link ApicurioRegistry}:
 * a child process on a Java 21+): ours through its Confluent-compatible API ({@code /apis/ccompat/v7}),
 * the converter through its native v3 API ({@code apicurio.registry.url}, auto-register, artifacts in
 * group {@value #PEER_GROUP} so the two sides' schemas do not become versions of one subject). Setup runs
 * all 1024 events through both, which registers each side's key and value schema once; the measured
 * steady state runs on cached ids. Setup also decodes every record of both sides with Apicurio's own
 * {@code AvroKafkaDeserializer} (fetching the writer schema by the id in the bytes) and fails unless the
 * key and value of each agree field by field ({@link AvroEquivalence}): both sides do the same work.
 *
 * <p>Run: {@code benchmarks/run.sh FullChainBenchmark} (prints the ratio and the bar).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class FullChainBenchmark {

    static final String PEER_GROUP = "benchmark-peer";
    private static final int EVENTS = TransformChainBenchmark.EVENTS;
    private static final int MASK = EVENTS - 1;

    private ChangeEvent[] events;
    private SinkRecord[] records;
    private OurChain ours;
    private Encoder encoder;
    private ConnectChain connect;
    private ApicurioAvroConverter keyConverter;
    private ApicurioAvroConverter valueConverter;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ApicurioRegistry registry = registry();
        events = UsersWorkload.events(EVENTS).toArray(ChangeEvent[]::new);
        ConnectRecords converter = new ConnectRecords();
        records = new SinkRecord[EVENTS];
        for (int i = 0; i < EVENTS; i++) records[i] = converter.toSinkRecord(events[i], i);

        Path stateDir = Files.createTempDirectory("full-chain-benchmark");
        ours = OurChain.create(ComponentCatalog.load(), ChainStep.CHAIN, stateDir);
        encoder = Encoders.create("avro", registry.ccompatUrl(), stateDir);

        connect = new ConnectChain(ChainStep.CHAIN);
        Map<String, Object> converterConfig = Map.of(
                SerdeConfig.REGISTRY_URL, registry.nativeV3Url(),
                SerdeConfig.AUTO_REGISTER_ARTIFACT, "true",
                SerdeConfig.EXPLICIT_ARTIFACT_GROUP_ID, PEER_GROUP);
        keyConverter = ApicurioAvroConverter.configured(converterConfig, true);
        valueConverter = ApicurioAvroConverter.configured(converterConfig, false);

        requireSameRecords(registry);
    }

    private static ApicurioRegistry registry() {
        try {
            return ApicurioRegistry.shared();
        } catch (RuntimeException e) { // including JUnit's "skipped" when no Java 21+ exists
            throw new IllegalStateException("FullChainBenchmark needs Apicurio Registry " + ApicurioRegistry.VERSION
                    + " (docs/registry-testing.md): " + e.getMessage(), e);
        }
    }

    /** Every event through both sides, decoded by Apicurio's deserializer: keys and values must agree. */
    private void requireSameRecords(ApicurioRegistry registry) throws InvalidDataException {
        Map<String, Object> readerConfig = Map.of(SerdeConfig.REGISTRY_URL, registry.nativeV3Url());
        try (AvroKafkaDeserializer<Object> keys = new AvroKafkaDeserializer<>();
             AvroKafkaDeserializer<Object> values = new AvroKafkaDeserializer<>()) {
            keys.configure(readerConfig, true);
            values.configure(readerConfig, false);
            for (int i = 0; i < EVENTS; i++) {
                byte[][] our = ourRecord(events[i]);
                byte[][] their = peerRecord(records[i]);
                if (our == null || their == null) throw new IllegalStateException("event " + i + " was dropped");
                String what = "event " + i + " (op " + events[i].op().code() + ")";
                String topic = ours.last().topic();
                Object ourValue = values.deserialize(topic, our[1]);
                Object theirValue = values.deserialize(topic, their[1]);
                AvroEquivalence.requireSame(what + " key", keys.deserialize(topic, our[0]), keys.deserialize(topic, their[0]));
                AvroEquivalence.requireSame(what + " value", ourValue, theirValue);
                if (i == 0) {
                    System.out.println("event 0, both decoded by Apicurio's AvroKafkaDeserializer: " + topic
                            + "\n  ours (" + our[1].length + " bytes): " + AvroEquivalence.describe(ourValue)
                            + "\n  peer (" + their[1].length + " bytes): " + AvroEquivalence.describe(theirValue));
                }
            }
        }
    }

    /** Our key and value bytes of one event, or null when the chain dropped it. */
    private byte[][] ourRecord(ChangeEvent event) throws InvalidDataException {
        if (ours.apply(event) == 0) return null;
        ChangeEvent out = ours.last();
        Headers.Builder headers = Headers.builder();
        return new byte[][] {encoder.encode(out.topic(), Encoder.Role.KEY, out.key(), headers),
                encoder.encode(out.topic(), Encoder.Role.VALUE, out.value(), headers)};
    }

    /** The peer's key and value bytes of one record, or null when the chain dropped it. */
    private byte[][] peerRecord(SinkRecord record) {
        SinkRecord out = connect.apply(record);
        if (out == null) return null;
        return new byte[][] {keyConverter.fromConnectData(out.topic(), out.keySchema(), out.key()),
                valueConverter.fromConnectData(out.topic(), out.valueSchema(), out.value())};
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ours.close();
        encoder.close();
        connect.close();
        keyConverter.close();
        valueConverter.close();
    }

    @Benchmark
    public void ourChain(Blackhole blackhole) throws InvalidDataException {
        ChangeEvent event = events[next++ & MASK];
        if (ours.apply(event) == 0) return;
        ChangeEvent out = ours.last();
        Headers.Builder headers = Headers.builder();
        blackhole.consume(encoder.encode(out.topic(), Encoder.Role.KEY, out.key(), headers));
        blackhole.consume(encoder.encode(out.topic(), Encoder.Role.VALUE, out.value(), headers));
    }

    @Benchmark
    public void connectChain(Blackhole blackhole) {
        SinkRecord out = connect.apply(records[next++ & MASK]);
        if (out == null) return;
        blackhole.consume(keyConverter.fromConnectData(out.topic(), out.keySchema(), out.key()));
        blackhole.consume(valueConverter.fromConnectData(out.topic(), out.valueSchema(), out.value()));
    }
}
