package io.cdctoolkit.security;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.FeatureFactory;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.OptionValidator;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.security.keys.EncryptionMode;
import io.cdctoolkit.security.keys.FieldCipher;
import io.cdctoolkit.security.keys.KeyOptions;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code cdc_features.encryption}: field-level encryption with Google Tink (docs/cdc-features.md,
 * "Encryption"). Key material problems that need no network are reported at load through
 * {@link #validate}; a KMS-wrapped keyset is unwrapped when the stage is created.
 */
public final class EncryptionFactory implements FeatureFactory {

    /** The feature's name, the key of its block under {@code cdc_features}. */
    public static final String NAME = "encryption";

    static final OptionSpec FIELDS = OptionSpec.stringList("fields").required()
            .doc("Columns to encrypt: column, table.column, schema.table.column or database.schema.table.column"
                    + " globs (* any characters within a part, ? one), e.g. [ssn, public.users.email, \"*.payments.iban\"]")
            .example(List.of("ssn", "public.users.email")).build();

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.FEATURE, NAME,
            "Encrypts the listed fields (keys, flat rows, before and after) with Google Tink: each value becomes"
                    + " \"enc:v1:\" + base64url(ciphertext) of its canonical JSON, bound to"
                    + " <database>.<schema>.<table>.<field>; the field's type becomes string. Fails closed.",
            specs(FIELDS));

    static List<OptionSpec> specs(OptionSpec fields) {
        List<OptionSpec> all = new ArrayList<>();
        all.add(ENABLED);
        all.add(fields);
        all.addAll(KeyOptions.specs());
        return List.copyOf(all);
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        List<ConfigProblem> problems = new ArrayList<>();
        List<String> globs = options.stringList(FIELDS.name());
        if (globs.isEmpty()) {
            problems.add(new ConfigProblem(options.keyPath() + "." + FIELDS.name(), "lists no field", "e.g. [ssn, email]"));
        }
        for (int i = 0; i < globs.size(); i++) {
            String at = options.keyPath() + "." + FIELDS.name() + "[" + i + "]";
            FieldSelector.problem(globs.get(i)).ifPresent(p -> problems.add(new ConfigProblem(at, p,
                    "column, table.column, schema.table.column or database.schema.table.column")));
        }
        problems.addAll(KeyOptions.validate(options));
        return problems;
    }

    @Override
    public boolean reviewsTables() {
        return true;
    }

    /**
     * A glob of {@code fields} that selects no column of any table checked: most often a misspelt column or a level
     * too many or too few ({@code users.email} in a MariaDB table is {@code database.users.email} or
     * {@code email}), and then that column would go out in plaintext. And, in mode {@code random}, each table whose
     * record key has a field it encrypts (the warning the stage logs when it meets such a key, told before running).
     */
    @Override
    public List<ConfigProblem> review(Options options, List<EventShape> shapes) {
        if (shapes.isEmpty()) return List.of();
        Set<TableId> tables = new LinkedHashSet<>();
        shapes.forEach(shape -> tables.add(shape.table()));
        List<String> globs = options.stringList(FIELDS.name());
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < globs.size(); i++) {
            FieldSelector one = FieldSelector.of(List.of(globs.get(i)));
            if (shapes.stream().anyMatch(shape -> EncryptionStage.encryptsAny(one, shape))) continue;
            problems.add(new ConfigProblem(options.keyPath() + "." + FIELDS.name() + "[" + i + "]",
                    "'" + globs.get(i) + "' selects no column of the " + tables.size() + " table(s) checked ("
                            + TableId.firstNames(tables) + "): it encrypts nothing, and a column it was meant for goes"
                            + " out in plaintext" + nearest(globs.get(i), shapes),
                    "name the column as column, table.column, schema.table.column or database.schema.table.column"
                            + " (tables without a schema, MySQL/MariaDB and datagen: database.table.column)"));
        }
        if (KeyOptions.mode(options) == EncryptionMode.RANDOM) problems.addAll(randomKeys(options, globs, shapes));
        return problems;
    }

    /** Per table whose key has a field {@code globs} select: random ciphertexts make equal keys unequal. */
    private static List<ConfigProblem> randomKeys(Options options, List<String> globs, List<EventShape> shapes) {
        FieldSelector selector = FieldSelector.of(globs);
        Set<TableId> tables = new LinkedHashSet<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (EventShape shape : shapes) {
            if (shape.key() == null) continue;
            RowEncryption key = RowEncryption.compile(selector, shape.table(), shape.key(), "key.");
            if (!key.encryptsAny() || !tables.add(shape.table())) continue;
            problems.add(new ConfigProblem(options.keyPath() + "." + KeyOptions.MODE.name(), "key field(s) "
                    + String.join(", ", key.encryptedFields()) + " of table " + shape.table() + " are encrypted in mode"
                    + " random: equal keys get different ciphertexts, which breaks log compaction, key-based"
                    + " partitioning and per-key order",
                    "mode: deterministic keeps equal keys equal; or leave the key fields out of fields"));
        }
        return problems;
    }

    /**
     * {@code "; did you mean '…'"} for a glob that selects nothing, else empty: a column of the tables whose name at
     * the glob's level ({@code public.users.email} for {@code public.users.emial}) is near a glob without wildcards;
     * else, for a column part that is a column of the tables but not at the tables the glob names, that column at
     * the glob's level (or the nearest level the table has); else a column near the column part (the config keys'
     * "did you mean" rule). Column parts of three characters or fewer get no guess but the exact one.
     */
    private static String nearest(String glob, List<EventShape> shapes) {
        String[] parts = glob.split("\\.", -1);
        String column = parts[parts.length - 1];
        boolean wildcards = glob.contains("*") || glob.contains("?");
        boolean plainColumn = !column.contains("*") && !column.contains("?");
        Set<String> columns = new LinkedHashSet<>();
        Set<String> atLevel = new LinkedHashSet<>();
        String sameColumnElsewhere = null;
        for (EventShape shape : shapes) {
            for (RowSchema row : rows(shape)) {
                for (Field f : row.fields()) {
                    columns.add(f.name());
                    String qualified = FieldSelector.name(shape.table(), f.name(), parts.length);
                    atLevel.add(qualified);
                    if (sameColumnElsewhere == null && f.name().equals(column)) sameColumnElsewhere = qualified;
                }
            }
        }
        String near = !wildcards && column.length() > 3 ? OptionValidator.closest(glob, atLevel) : null;
        if (near == null && plainColumn) near = sameColumnElsewhere;
        if (near == null && plainColumn && column.length() > 3) near = OptionValidator.closest(column, columns);
        return near == null || near.equals(glob) ? "" : "; did you mean '" + near + "'";
    }

    /** The rows whose top-level fields are columns: the key, and the flat value or the envelope's after row. */
    private static List<RowSchema> rows(EventShape shape) {
        List<RowSchema> rows = new ArrayList<>();
        if (shape.key() != null) rows.add(shape.key());
        if (shape.value() != null) {
            rows.add(Envelope.isEnvelope(shape.value()) ? Envelope.rowSchema(shape.value()) : shape.value());
        }
        return rows;
    }

    /** Each field the globs select becomes a string (its doc {@code encrypted: <type>}); no key is needed to tell. */
    @Override
    public List<EventShape> outputShapes(Options options, EventShape input) {
        return List.of(EncryptionStage.encryptedShape(FieldSelector.of(options.stringList(FIELDS.name())), input));
    }

    @Override
    public Stage create(Options options, ComponentContext context) throws ConfigException {
        List<ConfigProblem> problems = validate(options);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        EncryptionMode mode = KeyOptions.mode(options);
        FieldCipher cipher;
        try {
            cipher = FieldCipher.of(KeyOptions.load(options), mode);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(options.keyPath(), "the keyset has no usable primary key for mode "
                    + mode.optionValue(), null);
        }
        return new EncryptionStage(NAME, FieldSelector.of(options.stringList(FIELDS.name())), cipher, mode);
    }
}
