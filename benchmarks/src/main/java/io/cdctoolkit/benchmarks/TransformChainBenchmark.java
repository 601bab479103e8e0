package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.spi.ComponentCatalog;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 9's bar: our transform chain against Kafka Connect's on the same CDC events, in the same run,
 * one thread (= per core). One operation = one change event through the whole chain:
 * <ol>
 *   <li>extract_new_record_state ({@code delete_handling_mode: rewrite}) — Debezium
 *       {@code ExtractNewRecordState} ({@code delete.tombstone.handling.mode=rewrite})</li>
 *   <li>mask_field ssn, email with {@code ****} — {@code MaskField$Value}</li>
 *   <li>replace_field exclude notes, rename full_name→name, login_count→logins — {@code ReplaceField$Value}</li>
 *   <li>insert_field pipeline = "cdc-bench" — {@code InsertField$Value}</li>
 *   <li>timestamp_converter created_at → unix milliseconds — {@code TimestampConverter$Value}</li>
 *   <li>cast logins → int64 — {@code Cast$Value}</li>
 *   <li>regex_router {@code pg\.public\.(.*)} → {@code warehouse.$1} — {@code RegexRouter}</li>
 * </ol>
 * The workload ({@link UsersWorkload}): 1024 pre-built events of a 12-column users table (~70% c,
 * 25% u, 5% d), cycled; the Connect side gets the same events as Debezium-shaped {@link SinkRecord}s
 * ({@link ConnectRecords}). Setup runs every event through both chains and fails unless they agree
 * ({@link ChainEquivalence}). The step configs are in {@link ChainStep#CHAIN}.
 *
 * <p>Run both and print the ratio: {@code benchmarks/transform-chain.sh}; or
 * {@code java -jar benchmarks/target/benchmarks.jar TransformChainBenchmark}. While our transforms
 * are not on the class path, {@code connectChain} runs alone (the equivalence check is skipped, with
 * a warning) and {@code ourChain} fails in setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TransformChainBenchmark {

    static final int EVENTS = 1024;
    private static final int MASK = EVENTS - 1;

    private ChangeEvent[] events;
    private SinkRecord[] records;
    private ConnectChain connect;
    private OurChain ours;
    private int next;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        List<ChangeEvent> workload = UsersWorkload.events(EVENTS);
        ConnectRecords converter = new ConnectRecords();
        events = workload.toArray(ChangeEvent[]::new);
        records = new SinkRecord[EVENTS];
        for (int i = 0; i < EVENTS; i++) records[i] = converter.toSinkRecord(events[i], i);
        connect = new ConnectChain(ChainStep.CHAIN);
        Path stateDir = Files.createTempDirectory("transform-chain-benchmark");
        try {
            ours = OurChain.create(ComponentCatalog.load(), ChainStep.CHAIN, stateDir);
        } catch (OurChain.MissingTransformException e) {
            if (!params.getBenchmark().endsWith(".connectChain")) throw e;
            System.err.println("WARNING: " + e.getMessage() + ": running the Connect chain alone, "
                    + "without checking that both chains agree");
            return;
        }
        for (int i = 0; i < EVENTS; i++) {
            ours.apply(events[i]);
            ChainEquivalence.requireSame("event " + i + " (op " + events[i].op().code() + ")", ours.last(),
                    connect.apply(records[i]));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        connect.close();
        if (ours != null) ours.close();
    }

    @Benchmark
    public void connectChain(Blackhole blackhole) {
        blackhole.consume(connect.apply(records[next++ & MASK]));
    }

    @Benchmark
    public void ourChain(Blackhole blackhole) {
        blackhole.consume(ours.apply(events[next++ & MASK]));
        blackhole.consume(ours.last());
    }
}
