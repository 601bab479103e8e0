package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.smt.CommonOptions;
import io.cdctoolkit.smt.SmtFactory;
import io.cdctoolkit.smt.TransformContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code extract_new_record_state}: Debezium's {@code io.debezium.transforms.ExtractNewRecordState}
 * (3.5) — the change envelope becomes its flat {@code after} row.
 */
public final class ExtractNewRecordStateFactory extends SmtFactory {

    static final String MODE = "delete_handling_mode";
    static final String DROP_TOMBSTONES = "drop_tombstones";
    static final String ADD_FIELDS = "add_fields";
    static final String ADD_FIELDS_PREFIX = "add_fields_prefix";
    static final String ADD_HEADERS = "add_headers";
    static final String ADD_HEADERS_PREFIX = "add_headers_prefix";

    /** rivven's booleans and the add_fields entry each stands for. */
    private static final List<String[]> SHORTHANDS = List.of(
            new String[] {"add_op", "op"}, new String[] {"add_table", "table"},
            new String[] {"add_schema", "schema"}, new String[] {"add_ts", "ts_ms"});

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.TRANSFORM, "extract_new_record_state",
            List.of("io.debezium.transforms.ExtractNewRecordState"),
            "Debezium's ExtractNewRecordState: the change envelope becomes its flat after row; deletes, "
                    + "tombstones and truncates as delete_handling_mode says; envelope and source fields can be "
                    + "added to the row or to headers",
            List.of(
                    OptionSpec.oneOf(MODE, DeleteHandling.spellings()).aliases("delete.tombstone.handling.mode")
                            .defaultValue(DeleteHandling.TOMBSTONE.spelling())
                            .doc("What a delete becomes: tombstone (default), drop, rewrite (the before row plus "
                                    + "__deleted: \"true\"; other rows get \"false\"), rewrite-with-tombstone (rewrite, "
                                    + "then a tombstone), delete-to-tombstone").build(),
                    OptionSpec.bool(DROP_TOMBSTONES).aliases("drop.tombstones")
                            .doc("Whether tombstones reaching the transform are dropped (Debezium 2.x's option; unset: "
                                    + "as the mode says — kept only by rewrite-with-tombstone)").build(),
                    OptionSpec.stringList(ADD_FIELDS).aliases("add.fields")
                            .doc("Envelope/source fields appended to the row: op, ts_ms, table, source.ts_ms, lsn, "
                                    + "name:alias; named prefix + field (or prefix + block_field, e.g. __source_ts_ms)")
                            .build(),
                    OptionSpec.string(ADD_FIELDS_PREFIX).aliases("add.fields.prefix").defaultValue("__")
                            .doc("Prefix of the added fields' names").build(),
                    OptionSpec.stringList(ADD_HEADERS).aliases("add.headers")
                            .doc("Envelope/source fields copied into headers (same syntax as add_fields); the value "
                                    + "is the field's text in UTF-8").build(),
                    OptionSpec.string(ADD_HEADERS_PREFIX).aliases("add.headers.prefix").defaultValue("__")
                            .doc("Prefix of the added headers' names").build(),
                    OptionSpec.bool("add_op").defaultValue(false).doc("rivven's shorthand for add_fields: op").build(),
                    OptionSpec.bool("add_table").defaultValue(false)
                            .doc("rivven's shorthand for add_fields: table (source.table)").build(),
                    OptionSpec.bool("add_schema").defaultValue(false)
                            .doc("rivven's shorthand for add_fields: schema (source.schema)").build(),
                    OptionSpec.bool("add_ts").defaultValue(false)
                            .doc("rivven's shorthand for add_fields: ts_ms (the envelope's processing time)").build(),
                    CommonOptions.MISSING_FIELDS));

    /** For {@link java.util.ServiceLoader}. */
    public ExtractNewRecordStateFactory() {
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        List<ConfigProblem> problems = new ArrayList<>();
        String base = options.keyPath() + ".";
        DeleteHandling mode = DeleteHandling.parse(options.string(MODE));
        if (mode.keepsIncomingTombstones() && options.has(DROP_TOMBSTONES) && options.bool(DROP_TOMBSTONES)) {
            problems.add(new ConfigProblem(base + DROP_TOMBSTONES,
                    "drop_tombstones: true contradicts delete_handling_mode: rewrite-with-tombstone, which keeps tombstones",
                    "use delete_handling_mode: rewrite to drop tombstones"));
        }
        for (String option : List.of(ADD_FIELDS, ADD_HEADERS)) {
            try {
                MetadataField.parseAll(options.stringList(option), "");
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(base + option, e.getMessage(),
                        "write field, block.field, field:alias or block.field:alias"));
            }
        }
        return problems;
    }

    @Override
    protected Stage create(Options options, TransformContext context) throws ConfigException {
        DeleteHandling mode = DeleteHandling.parse(options.string(MODE));
        boolean keepTombstones = options.has(DROP_TOMBSTONES) ? !options.bool(DROP_TOMBSTONES)
                : mode.keepsIncomingTombstones();
        String fieldsPrefix = options.string(ADD_FIELDS_PREFIX);
        List<MetadataField> fields = new ArrayList<>(MetadataField.parseAll(options.stringList(ADD_FIELDS), fieldsPrefix));
        for (String[] shorthand : SHORTHANDS) {
            if (!options.bool(shorthand[0])) continue;
            MetadataField ref = MetadataField.parse(shorthand[1], fieldsPrefix);
            // add_op with add_fields: op asks for one field, not two of one name.
            if (fields.stream().noneMatch(f -> f.newName().equals(ref.newName()))) fields.add(ref);
        }
        List<MetadataField> headers = MetadataField.parseAll(options.stringList(ADD_HEADERS),
                options.string(ADD_HEADERS_PREFIX));
        return new ExtractNewRecordState(context, mode, keepTombstones, fields, headers,
                CommonOptions.missingFields(options));
    }
}
