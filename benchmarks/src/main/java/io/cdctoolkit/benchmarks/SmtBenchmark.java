package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import org.apache.kafka.connect.sink.SinkRecord;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Each of our ten transforms alone, one thread, one operation = one event through the transform; for the
 * nine with a Kafka Connect / Debezium counterpart ({@link SingleTransform#WITH_PEER}) the peer runs on the
 * same events in the same run ({@code ours} vs {@code connect}, per {@code smt}), so each gets a ratio.
 * Envelope transforms get {@link UsersWorkload}'s envelopes; field transforms get the rows
 * {@code extract_new_record_state} made of them (on each side, by that side's unwrap); {@code flatten}
 * gets rows with nested rows ({@link SingleTransform.Input#NESTED}). Setup runs all 1024
 * events through both and fails unless they agree ({@link ChainEquivalence}).
 *
 * <p>{@code ourFilter}: our {@code filter} (no peer) on the unwrapped rows, keeping about a third.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SmtBenchmark} (or {@code -p smt=cast}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SmtBenchmark {

    private static final int EVENTS = TransformChainBenchmark.EVENTS;
    private static final int MASK = EVENTS - 1;

    /** One transform with a peer, both sides on the same input. */
    @State(Scope.Thread)
    public static class Pair {
        @Param({"extract_new_record_state", "mask_field", "replace_field", "insert_field", "timestamp_converter",
                "cast", "regex_router", "flatten", "value_to_key"})
        public String smt;

        ChangeEvent[] events;
        SinkRecord[] records;
        OurChain ours;
        ConnectChain connect;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            SingleTransform transform = SingleTransform.named(smt);
            Inputs inputs = Inputs.of(transform.input());
            events = inputs.events;
            records = inputs.records;
            ours = OurChain.create(ComponentCatalog.load(), List.of(transform.step()),
                    Files.createTempDirectory("smt-benchmark"));
            connect = new ConnectChain(List.of(transform.step()));
            for (int i = 0; i < EVENTS; i++) {
                ChangeEvent out = ours.apply(events[i]) == 0 ? null : ours.last();
                ChainEquivalence.requireSame(smt + ", event " + i, out, connect.apply(records[i]));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            ours.close();
            connect.close();
        }
    }

    /** Our filter alone, on the unwrapped rows. */
    @State(Scope.Thread)
    public static class FilterOnly {
        ChangeEvent[] events;
        OurChain ours;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            events = Inputs.of(SingleTransform.Input.ROW).events;
            ours = OurChain.create(ComponentCatalog.load(), List.of(SingleTransform.FILTER),
                    Files.createTempDirectory("smt-benchmark"));
            int kept = 0;
            for (ChangeEvent event : events) kept += ours.apply(event);
            if (kept == 0 || kept == EVENTS) {
                throw new IllegalStateException("the filter kept " + kept + " of " + EVENTS + ": it should keep some");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            ours.close();
        }
    }

    /** The workload on both sides, as envelopes or as the rows each side's unwrap makes of them. */
    private record Inputs(ChangeEvent[] events, SinkRecord[] records) {
        static Inputs of(SingleTransform.Input input) throws Exception {
            ChangeEvent[] events = UsersWorkload.events(EVENTS).toArray(ChangeEvent[]::new);
            if (input == SingleTransform.Input.NESTED) {
                for (int i = 0; i < EVENTS; i++) events[i] = nested(events[i]);
            }
            ConnectRecords converter = new ConnectRecords();
            SinkRecord[] records = new SinkRecord[EVENTS];
            for (int i = 0; i < EVENTS; i++) records[i] = converter.toSinkRecord(events[i], i);
            if (input != SingleTransform.Input.ROW) return new Inputs(events, records);
            List<ChainStep> unwrap = List.of(SingleTransform.unwrap());
            try (OurChain ours = OurChain.create(ComponentCatalog.load(), unwrap, Files.createTempDirectory("smt-unwrap"));
                 ConnectChain connect = new ConnectChain(unwrap)) {
                for (int i = 0; i < EVENTS; i++) {
                    if (ours.apply(events[i]) != 1) throw new IllegalStateException("unwrap dropped event " + i);
                    events[i] = ours.last();
                    records[i] = connect.apply(records[i]);
                }
            }
            return new Inputs(events, records);
        }
    }

    private static final RowSchema NESTED = RowSchema.builder("pg.public.users.Nested")
            .required("id", FieldType.INT64)
            .required("user", new FieldType.Struct(UsersWorkload.ROW))
            .required("source", new FieldType.Struct(UsersWorkload.SOURCE))
            .build();

    /** The event with a nested (non-envelope) value: {id, user: after (or before), source}. */
    private static ChangeEvent nested(ChangeEvent event) {
        Row envelope = event.value();
        Row user = Envelope.after(envelope) != null ? Envelope.after(envelope) : Envelope.before(envelope);
        Row value = Row.of(NESTED, user.get("id"), user, Envelope.source(envelope));
        return new ChangeEvent(event.table(), event.op(), event.key(), value, event.headers(), event.topic(),
                event.position(), event.sourceTimestamp(), event.transaction(), event.unreadable());
    }

    @Benchmark
    public void ours(Pair pair, Blackhole blackhole) {
        blackhole.consume(pair.ours.apply(pair.events[pair.next++ & MASK]));
        blackhole.consume(pair.ours.last());
    }

    @Benchmark
    public void connect(Pair pair, Blackhole blackhole) {
        blackhole.consume(pair.connect.apply(pair.records[pair.next++ & MASK]));
    }

    @Benchmark
    public void ourFilter(FilterOnly filter, Blackhole blackhole) {
        blackhole.consume(filter.ours.apply(filter.events[filter.next++ & MASK]));
        blackhole.consume(filter.ours.last());
    }
}
