package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.schema.registry.MockRegistries;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Each encoder on what the chain hands it ({@code input=chain}): the key and value rows our
 * {@link ChainStep#CHAIN} made of {@link UsersWorkload}'s 1024 events ({@code warehouse.users}, key
 * {@code {id}}, a 13-field value), one operation = one record's key and value encoded. Encoders are created from config as the pipeline
 * creates them ({@link Encoders}): {@code avro}, {@code protobuf}, {@code json_schema} in mode
 * {@code external} against an in-process {@code mock://} registry, {@code json} in mode {@code disabled}.
 * Setup encodes every record once, which registers the key and value schemas; from then on the schema
 * and its id come from the encoder's per-schema cache: the measured steady state makes no registry call.
 * With {@code input=envelope}: the same events unchanged, as a pipeline without transforms encodes them.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EncoderBenchmark} (or {@code -p format=avro}).
 * ({@link AvroEncodeBenchmark} has the raw-Avro floor on one 10-column row.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncoderBenchmark {

    private static final int EVENTS = TransformChainBenchmark.EVENTS;
    private static final int MASK = EVENTS - 1;

    @Param({"avro", "protobuf", "json_schema", "json"})
    public String format;

    /**
     * What is encoded: {@code chain}, the rows our chain made (flattened by extract_new_record_state), or
     * {@code envelope}, the events as the source emits them ({@code before}/{@code after}/{@code source}/…),
     * which is what a pipeline without transforms (every option at its default) encodes.
     */
    @Param({"chain", "envelope"})
    public String input;

    private String registryUrl;
    private ChangeEvent[] records;
    private Encoder encoder;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path stateDir = Files.createTempDirectory("encoder-benchmark");
        records = new ChangeEvent[EVENTS];
        if ("envelope".equals(input)) {
            records = UsersWorkload.events(EVENTS).toArray(ChangeEvent[]::new);
        } else {
            try (OurChain chain = OurChain.create(ComponentCatalog.load(), ChainStep.CHAIN, stateDir)) {
                int i = 0;
                for (ChangeEvent event : UsersWorkload.events(EVENTS)) {
                    if (chain.apply(event) != 1) throw new IllegalStateException("the chain dropped event " + i);
                    records[i++] = chain.last();
                }
            }
        }
        registryUrl = "mock://encoder-benchmark-" + format;
        encoder = Encoders.create(format, registryUrl, stateDir);
        for (ChangeEvent record : records) encode(record, null); // registers; ids cached from here on
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
        MockRegistries.drop(registryUrl);
    }

    @Benchmark
    public void encode(Blackhole blackhole) throws InvalidDataException {
        encode(records[next++ & MASK], blackhole);
    }

    private void encode(ChangeEvent record, Blackhole blackhole) throws InvalidDataException {
        Headers.Builder headers = Headers.builder();
        byte[] key = encoder.encode(record.topic(), Encoder.Role.KEY, record.key(), headers);
        byte[] value = encoder.encode(record.topic(), Encoder.Role.VALUE, record.value(), headers);
        if (blackhole != null) {
            blackhole.consume(key);
            blackhole.consume(value);
        }
    }
}
