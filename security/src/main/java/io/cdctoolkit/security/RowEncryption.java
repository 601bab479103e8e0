package io.cdctoolkit.security;

import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.security.keys.FieldCipher;

import java.util.ArrayList;
import java.util.List;

/**
 * The compiled encryption of one row schema of one table: which field indexes are encrypted, each
 * field's associated data, and the output schema (those fields as optional-as-before strings whose doc
 * records the original type). Built once per schema and table; {@link #apply} does no lookups.
 */
final class RowEncryption {

    /** The doc of an encrypted field starts with this, then the original type. */
    static final String DOC_PREFIX = "encrypted: ";

    private final TableId table;
    private final String where;
    private final RowSchema input;
    private final RowSchema output;
    private final int[] indexes;
    private final FieldType[] types;
    private final byte[][] associatedData;

    private RowEncryption(TableId table, String where, RowSchema input, RowSchema output, int[] indexes,
                          FieldType[] types, byte[][] associatedData) {
        this.table = table;
        this.where = where;
        this.input = input;
        this.output = output;
        this.indexes = indexes;
        this.types = types;
        this.associatedData = associatedData;
    }

    /**
     * The plan for rows of {@code schema} in {@code table}.
     *
     * @param where how errors name the row's place ({@code after.}, {@code before.}, {@code key.}, or empty)
     */
    static RowEncryption compile(FieldSelector selector, TableId table, RowSchema schema, String where) {
        String context = EncryptedValues.context(table);
        List<Field> fields = new ArrayList<>(schema.fields());
        List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (selector.selects(table, f.name())) {
                selected.add(i);
                fields.set(i, new Field(f.name(), FieldType.STRING, f.optional(), null, doc(f)));
            }
        }
        int n = selected.size();
        int[] indexes = new int[n];
        FieldType[] types = new FieldType[n];
        byte[][] ad = new byte[n][];
        for (int j = 0; j < n; j++) {
            int i = selected.get(j);
            indexes[j] = i;
            types[j] = schema.field(i).type();
            ad[j] = EncryptedValues.associatedData(context, schema.field(i).name());
        }
        RowSchema output = n == 0 ? schema : RowSchema.of(schema.name(), fields);
        return new RowEncryption(table, where, schema, output, indexes, types, ad);
    }

    /** {@code encrypted: <original type>}, then the original doc after {@code "; "} when there was one. */
    private static String doc(Field f) {
        String doc = DOC_PREFIX + Plaintexts.typeName(f.type());
        return f.doc() == null || f.doc().isEmpty() ? doc : doc + "; " + f.doc();
    }

    /** Whether any field of the schema is encrypted. */
    boolean encryptsAny() {
        return indexes.length > 0;
    }

    RowSchema output() {
        return output;
    }

    /** Names of the encrypted fields, for the key warning. */
    List<String> encryptedFields() {
        List<String> names = new ArrayList<>(indexes.length);
        for (int i : indexes) names.add(input.field(i).name());
        return names;
    }

    /**
     * The row with every selected non-null value encrypted (nulls stay null).
     *
     * @throws InvalidDataException naming the table and field, never the value, when one cannot be
     *                              encrypted: the row is then not written at all (fails closed)
     */
    Row apply(Row row, FieldCipher cipher, String stage) throws InvalidDataException {
        if (indexes.length == 0) return row;
        Object[] values = row.values();
        for (int j = 0; j < indexes.length; j++) {
            int i = indexes[j];
            Object value = values[i];
            if (value == null) continue;
            try {
                values[i] = EncryptedValues.encode(cipher.encrypt(Plaintexts.render(types[j], value), associatedData[j]));
            } catch (Exception | StackOverflowError e) {
                // The cause is left out on purpose: its message could quote the value.
                throw new InvalidDataException(stage, table, where + input.field(i).name(),
                        "cannot encrypt the value (" + e.getClass().getSimpleName() + "); the event is not written"
                                + " with this field in plaintext");
            }
        }
        return Row.wrap(output, values);
    }
}
