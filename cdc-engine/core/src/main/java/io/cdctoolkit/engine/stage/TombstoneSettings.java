package io.cdctoolkit.engine.stage;

import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;

import java.util.List;
import java.util.Objects;

/**
 * The {@code cdc_features.tombstones} block of a source.
 *
 * @param enabled                  whether the tombstone stage runs at all
 * @param emitTombstoneAfterDelete whether a tombstone follows each delete (rivven's switch; with
 *                                 {@code false} the stage emits nothing extra)
 * @param excludeTables            globs of tables that get no tombstones, matched against
 *                                 {@code schema.table}, or {@code database.table} for tables without a schema
 */
public record TombstoneSettings(boolean enabled, boolean emitTombstoneAfterDelete, List<String> excludeTables) {

    /** The options of {@code cdc_features.tombstones}, for validation, docs and the JSON Schema. */
    public static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.bool("enabled").defaultValue(false)
                    .doc("Follow each delete with a tombstone (same key, null value) for Kafka log compaction").build(),
            OptionSpec.bool("emit_tombstone_after_delete").defaultValue(true)
                    .doc("Emit the tombstone right after its delete (false: emit none)").build(),
            OptionSpec.stringList("exclude_tables")
                    .doc("Tables that get no tombstones: globs on schema.table (database.table without a schema)")
                    .example(List.of("audit.*")).build());

    /**
     * The feature as {@code spec} lists it beside the catalog's ({@code cdc_features.tombstones} is built in: its stage
     * always runs last, after the features the catalog finds).
     */
    public static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.FEATURE, "tombstones",
            "Follows each delete with a tombstone (same key, null value, same topic) so that Kafka log compaction"
                    + " removes the row; runs after encryption and deduplication (docs/cdc-features.md#tombstones).",
            OPTIONS);

    public TombstoneSettings {
        excludeTables = List.copyOf(Objects.requireNonNull(excludeTables, "excludeTables"));
    }

    /** Settings from options validated against {@link #OPTIONS}. */
    public static TombstoneSettings from(Options options) {
        return new TombstoneSettings(options.bool("enabled"), options.bool("emit_tombstone_after_delete"),
                options.stringList("exclude_tables"));
    }

    /** Whether the stage has anything to do: enabled and emitting tombstones after deletes. */
    public boolean emitsTombstones() {
        return enabled && emitTombstoneAfterDelete;
    }
}
