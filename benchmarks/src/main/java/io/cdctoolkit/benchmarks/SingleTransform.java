package io.cdctoolkit.benchmarks;

import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.Flatten;
import org.apache.kafka.connect.transforms.ValueToKey;

import java.util.List;
import java.util.Map;

/**
 * One of our transforms alone, next to its Kafka Connect / Debezium counterpart, for
 * {@link SmtBenchmark}: the step (the same configs as in {@link ChainStep#CHAIN} where the chain has it)
 * and the input it takes. Transforms of a whole change envelope (unwrap, flatten, topic routing) get the
 * workload's envelopes; field transforms get the rows {@code extract_new_record_state} made of them,
 * as they would in a chain (Connect's field SMTs do not reach into {@code before}/{@code after}).
 *
 * <p>{@code filter} has no counterpart (Kafka's {@code Filter} has no condition, Debezium's needs a
 * scripting engine) and is measured alone: {@link SmtBenchmark#ourFilter}.
 *
 * @param step  both sides' configurations
 * @param input what the transform is given
 */
record SingleTransform(ChainStep step, Input input) {

    /** The input of a single transform. */
    enum Input {
        /** The workload's change envelopes. */
        ENVELOPE,
        /** The rows {@code extract_new_record_state} made of them. */
        ROW,
        /**
         * Rows with nested rows ({@code id}, {@code user}: the users row, {@code source}: the source block),
         * not envelopes: our {@code flatten} flattens an envelope's {@code before} and {@code after} while
         * Connect's flattens the envelope itself (docs/transforms.md), so they are compared on plain nesting.
         */
        NESTED
    }

    /** The nine transforms with a peer, by our name (the order of {@link SmtBenchmark}'s parameter). */
    static final Map<String, SingleTransform> WITH_PEER = Map.of(
            "extract_new_record_state", new SingleTransform(chainStep("extract_new_record_state"), Input.ENVELOPE),
            "mask_field", new SingleTransform(chainStep("mask_field"), Input.ROW),
            "replace_field", new SingleTransform(chainStep("replace_field"), Input.ROW),
            "insert_field", new SingleTransform(chainStep("insert_field"), Input.ROW),
            "timestamp_converter", new SingleTransform(chainStep("timestamp_converter"), Input.ROW),
            // The chain casts the renamed field; alone it gets the unwrapped row's name.
            "cast", new SingleTransform(new ChainStep("cast", Map.of("spec", "login_count:int64"),
                    Cast.Value::new, Map.of("spec", "login_count:int64")), Input.ROW),
            "regex_router", new SingleTransform(chainStep("regex_router"), Input.ENVELOPE),
            // {id, user: {…}, source: {…}} → id, user.id, …, user.score, source.version, …, source.xmin.
            "flatten", new SingleTransform(new ChainStep("flatten", Map.of("delimiter", "."),
                    Flatten.Value::new, Map.of("delimiter", ".")), Input.NESTED),
            "value_to_key", new SingleTransform(new ChainStep("value_to_key", Map.of("fields", List.of("id", "username")),
                    ValueToKey::new, Map.of("fields", "id,username")), Input.ROW));

    /** Our filter, alone: keeps about a third of the rows (German users, or many logins). */
    static final ChainStep FILTER = new ChainStep("filter",
            Map.of("condition", "country = 'DE' or login_count >= 3500"), null, Map.of());

    /** The step extracting the new record state, which makes the field transforms' input. */
    static ChainStep unwrap() {
        return chainStep("extract_new_record_state");
    }

    static SingleTransform named(String name) {
        SingleTransform transform = WITH_PEER.get(name);
        if (transform == null) throw new IllegalArgumentException("no single-transform benchmark for '" + name + "'");
        return transform;
    }

    private static ChainStep chainStep(String name) {
        return ChainStep.CHAIN.stream().filter(s -> s.ours().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not in ChainStep.CHAIN"));
    }
}
