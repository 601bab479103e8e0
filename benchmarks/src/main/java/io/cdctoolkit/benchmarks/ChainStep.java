package io.cdctoolkit.benchmarks;

import io.debezium.transforms.ExtractNewRecordState;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.InsertField;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.TimestampConverter;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One step of the benchmarked chain, written once for both sides so they stay equivalent: our
 * transform's name and config (as a YAML config would give it) next to the Connect / Debezium
 * transformation and its config (as a connector's properties would).
 *
 * @param ours          our component name
 * @param ourConfig     our options, snake_case
 * @param connect       creates the peer transformation
 * @param connectConfig the peer's configuration
 */
record ChainStep(String ours, Map<String, Object> ourConfig,
                 Supplier<Transformation<SinkRecord>> connect, Map<String, String> connectConfig) {

    /**
     * The chain of issue 9: unwrap (deletes rewritten with {@code __deleted}), mask two PII fields,
     * drop one field and rename two, add a static field, {@code created_at} to epoch milliseconds,
     * widen an int32, re-route the topic.
     */
    static final List<ChainStep> CHAIN = List.of(
            new ChainStep("extract_new_record_state", Map.of("delete_handling_mode", "rewrite"),
                    ExtractNewRecordState::new, Map.of("delete.tombstone.handling.mode", "rewrite")),
            new ChainStep("mask_field", Map.of("fields", List.of("ssn", "email"), "replacement", "****"),
                    MaskField.Value::new, Map.of("fields", "ssn,email", "replacement", "****")),
            new ChainStep("replace_field",
                    Map.of("exclude", List.of("notes"), "renames", List.of("full_name:name", "login_count:logins")),
                    ReplaceField.Value::new, Map.of("exclude", "notes", "renames", "full_name:name,login_count:logins")),
            new ChainStep("insert_field", Map.of("static_field", "pipeline", "static_value", "cdc-bench"),
                    InsertField.Value::new, Map.of("static.field", "pipeline", "static.value", "cdc-bench")),
            new ChainStep("timestamp_converter", Map.of("field", "created_at", "target_type", "unix"),
                    TimestampConverter.Value::new, Map.of("field", "created_at", "target.type", "unix")),
            new ChainStep("cast", Map.of("spec", "logins:int64"),
                    Cast.Value::new, Map.of("spec", "logins:int64")),
            new ChainStep("regex_router", Map.of("regex", "pg\\.public\\.(.*)", "replacement", "warehouse.$1"),
                    RegexRouter::new, Map.of("regex", "pg\\.public\\.(.*)", "replacement", "warehouse.$1")));

    /** The configured peer transformation. */
    Transformation<SinkRecord> createConnect() {
        Transformation<SinkRecord> transformation = connect.get();
        transformation.configure(connectConfig);
        return transformation;
    }
}
