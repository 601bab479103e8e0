package io.cdctoolkit.benchmarks.e2e;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the changes reach the variant. */
enum Workload {
    /** N rows written (1,000 per transaction) into a slot created beforehand; the variant drains the backlog. */
    STREAMING("streaming"),
    /** N rows already in the table; the variant's initial snapshot reads them. */
    SNAPSHOT("snapshot"),
    /** Single-row transactions at a paced rate while the variant streams; commit → Kafka latency. */
    LATENCY("latency");

    private final String id;

    Workload(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** Whether the variant starts with an initial snapshot (else it only streams from its slot). */
    boolean snapshot() {
        return this == SNAPSHOT;
    }

    static Workload byId(String id) {
        return Arrays.stream(values()).filter(w -> w.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + id + "'; workloads: "
                        + Arrays.stream(values()).map(Workload::id).collect(Collectors.joining(", "))));
    }
}
