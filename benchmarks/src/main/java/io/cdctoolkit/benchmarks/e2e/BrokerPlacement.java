package io.cdctoolkit.benchmarks.e2e;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where the Kafka broker of the producing variants runs (docs/benchmarks.md#end-to-end-harness).
 */
enum BrokerPlacement {
    /** A fresh in-process broker inside every producing child: its CPU (and its JIT warm-up) is in the child's. */
    CHILD("child"),
    /**
     * One broker in a JVM of its own, started and warmed up once by the driver and shared by every run, as a
     * deployment's Kafka runs apart from the pipeline: the child's CPU is the pipeline's alone, the broker's is
     * reported beside it.
     */
    SEPARATE("separate");

    private final String id;

    BrokerPlacement(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static BrokerPlacement byId(String id) {
        return Arrays.stream(values()).filter(b -> b.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown broker placement " + id + "; one of: "
                        + Arrays.stream(values()).map(BrokerPlacement::id).collect(Collectors.joining(", "))));
    }
}
