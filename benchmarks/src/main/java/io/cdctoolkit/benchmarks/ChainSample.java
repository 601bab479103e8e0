package io.cdctoolkit.benchmarks;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import org.apache.kafka.connect.sink.SinkRecord;

import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Prints what both chains of {@link TransformChainBenchmark} make of the first create, update and
 * delete of the workload, to see the work being compared:
 * {@code java -cp benchmarks/target/benchmarks.jar io.cdctoolkit.benchmarks.ChainSample}. Our side is
 * skipped (with a note) while our transforms are not on the class path.
 */
public final class ChainSample {

    private ChainSample() {
    }

    public static void main(String[] args) throws Exception {
        List<ChangeEvent> events = UsersWorkload.events(TransformChainBenchmark.EVENTS);
        ConnectRecords converter = new ConnectRecords();
        OurChain ours = null;
        try {
            ours = OurChain.create(ComponentCatalog.load(), ChainStep.CHAIN, Files.createTempDirectory("chain-sample"));
        } catch (OurChain.MissingTransformException e) {
            System.out.println("(our chain: " + e.getMessage() + ")");
        }
        try (ConnectChain connect = new ConnectChain(ChainStep.CHAIN)) {
            Set<Op> shown = EnumSet.noneOf(Op.class);
            for (int i = 0; i < events.size() && shown.size() < 3; i++) {
                ChangeEvent event = events.get(i);
                if (!shown.add(event.op())) continue;
                System.out.println("event " + i + " op " + event.op().code() + ":");
                SinkRecord theirs = connect.apply(converter.toSinkRecord(event, i));
                System.out.println("  Connect: " + (theirs == null ? "dropped"
                        : theirs.topic() + " key=" + theirs.key() + " value=" + theirs.value()));
                if (ours != null) {
                    ChangeEvent out = ours.apply(event) == 0 ? null : ours.last();
                    System.out.println("  ours:    " + (out == null ? "dropped"
                            : out.topic() + " key=" + out.key() + " value=" + out.value()));
                    ChainEquivalence.requireSame("event " + i, out, theirs);
                }
            }
        } finally {
            if (ours != null) ours.close();
        }
    }
}
