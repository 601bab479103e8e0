package io.cdctoolkit.schema.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.PayloadReader;
import io.cdctoolkit.schema.format.PayloadWriter;
import io.cdctoolkit.schema.format.SchemaFormat;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.format.UnwritableValue;

import java.util.List;

/**
 * Protobuf (proto3) as a registry format: derives a {@code .proto} file per row schema, writes rows
 * with a compiled {@code CodedOutputStream} writer and reads payloads back as RowJson-shaped JSON.
 * The mapping of every field type is in docs/formats/protobuf.md.
 *
 * <p>The top-level message is always the first message of the derived file, so records carry the
 * message-index path {@code [0]} (written by the wire framing, not by the writer).
 */
public final class ProtobufFormat implements SchemaFormat {

    /** The message-index path of the top-level message of every derived file. */
    public static final List<Integer> TOP_LEVEL_INDEXES = List.of(0);

    @Override
    public SchemaType type() {
        return SchemaType.PROTOBUF;
    }

    @Override
    public DerivedSchema derive(String topic, boolean key, RowSchema schema) {
        ProtoSchemaDeriver.DerivedProto derived = ProtoSchemaDeriver.derive(topic, key, schema);
        return new DerivedSchema(new SchemaText(SchemaType.PROTOBUF, ProtoTextPrinter.print(derived.file())),
                derived.recordName());
    }

    /** The protobuf-java descriptor of the derived file (for callers that need it, e.g. tests and tools). */
    public FileDescriptor deriveDescriptor(String topic, boolean key, RowSchema schema) {
        return ProtoSchemaDeriver.derive(topic, key, schema).file();
    }

    /**
     * {@inheritDoc} Field numbers follow the previous version's: a field keeps its name's number, a new one takes a
     * number never used, the numbers of dropped fields are {@code reserved} (docs/formats/protobuf.md).
     */
    @Override
    public boolean followsPreviousVersion() {
        return true;
    }

    /** {@inheritDoc} A previous version that is not a usable {@code .proto} file is an {@link IllegalArgumentException}. */
    @Override
    public DerivedSchema derive(String topic, boolean key, RowSchema schema, SchemaText previous) {
        if (previous.type() != SchemaType.PROTOBUF) return derive(topic, key, schema);
        ProtoSchemaDeriver.DerivedProto derived = ProtoSchemaDeriver.derive(topic, key, schema,
                ProtoTextParser.parse(previous));
        return new DerivedSchema(new SchemaText(SchemaType.PROTOBUF, ProtoTextPrinter.print(derived.file())),
                derived.recordName());
    }

    /** {@inheritDoc} The same file once parsed: the same messages, fields, numbers and reserved declarations. */
    @Override
    public boolean sameSchema(SchemaText a, SchemaText b) {
        if (a.equals(b)) return true;
        if (a.type() != SchemaType.PROTOBUF || b.type() != SchemaType.PROTOBUF) return false;
        try {
            return ProtoTextParser.parse(a).toProto().equals(ProtoTextParser.parse(b).toProto());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@inheritDoc} Rows that cannot be represented raise {@link IllegalArgumentException} naming the field. */
    @Override
    public PayloadWriter writer(String topic, boolean key, RowSchema schema) {
        return new ProtoRowWriter(schema, ProtoSchemaDeriver.derive(topic, key, schema).file().getMessageTypes().get(0));
    }

    /** {@inheritDoc} The field numbers are those of {@code derived}'s text, the schema registered for the rows. */
    @Override
    public PayloadWriter writer(String topic, boolean key, RowSchema schema, DerivedSchema derived) {
        return new ProtoRowWriter(schema, ProtoTextParser.parse(derived.text().text()).getMessageTypes().get(0));
    }

    /** {@inheritDoc} A null element of an array, a null map value. */
    @Override
    public boolean refusesValuesItsSchemasAllow() {
        return true;
    }

    /**
     * {@inheritDoc} Arrays and maps: the row types do not say whether an element or map value may be null (a
     * PostgreSQL array always may), and Protobuf's {@code repeated} and {@code map} fields cannot hold one (the writer
     * refuses such a row, docs/formats/protobuf.md).
     */
    @Override
    public List<UnwritableValue> unwritableValues(RowSchema schema) {
        List<UnwritableValue> found = new java.util.ArrayList<>();
        collectUnwritable("", schema, found);
        return found;
    }

    private static void collectUnwritable(String prefix, RowSchema schema, List<UnwritableValue> found) {
        for (io.cdctoolkit.engine.data.Field field : schema.fields()) {
            collectUnwritable(prefix + field.name(), field.type(), found);
        }
    }

    private static void collectUnwritable(String path, FieldType type, List<UnwritableValue> found) {
        if (type instanceof FieldType.Struct s) {
            collectUnwritable(path + ".", s.schema(), found);
        } else if (type instanceof FieldType.Array a) {
            found.add(new UnwritableValue(path, "a null element", "Protobuf repeated fields cannot hold null"));
            collectUnwritable(path + "[]", a.element(), found);
        } else if (type instanceof FieldType.MapType m) {
            found.add(new UnwritableValue(path, "a null map value", "Protobuf map values cannot be null"));
            collectUnwritable(path + "{}", m.value(), found);
        }
    }

    /** A reader of the first message of {@code writerSchema} (message-index path {@code [0]}). */
    @Override
    public PayloadReader reader(SchemaText writerSchema) {
        return reader(writerSchema, TOP_LEVEL_INDEXES);
    }

    /**
     * A reader of the message at {@code messageIndexes} in {@code writerSchema}: the path the wire
     * framing carries ({@code [i]} = the i-th top-level message, {@code [i, j]} = its j-th nested
     * message, …; an empty path means {@code [0]}). Nested messages are counted as declared, without
     * the entry messages protobuf generates for {@code map<>} fields, as Confluent's serdes count them.
     *
     * @throws IllegalArgumentException when the text is not a usable {@code .proto} file or the path
     *                                  names no message
     */
    public PayloadReader reader(SchemaText writerSchema, List<Integer> messageIndexes) {
        if (writerSchema.type() != SchemaType.PROTOBUF) {
            throw new IllegalArgumentException("a " + writerSchema.type() + " schema given to the Protobuf reader");
        }
        return new ProtoJsonReader(message(ProtoTextParser.parse(writerSchema), messageIndexes));
    }

    /**
     * A reader of the message AWS Glue's framing names by {@code glueIndex}: AWS counts every message
     * of the file, nested ones included (map entries too, as protobuf-java lists them), sorted by full
     * name (AWS's {@code MessageIndexFinder}) — not Confluent's declaration-order path.
     *
     * @throws IllegalArgumentException when the text is not a usable {@code .proto} file or no message has that index
     */
    public PayloadReader glueReader(SchemaText writerSchema, int glueIndex) {
        if (writerSchema.type() != SchemaType.PROTOBUF) {
            throw new IllegalArgumentException("a " + writerSchema.type() + " schema given to the Protobuf reader");
        }
        FileDescriptor file = ProtoTextParser.parse(writerSchema);
        List<Descriptor> all = new java.util.ArrayList<>();
        java.util.Deque<Descriptor> pending = new java.util.ArrayDeque<>(file.getMessageTypes());
        while (!pending.isEmpty()) {
            Descriptor d = pending.removeFirst();
            all.add(d);
            pending.addAll(d.getNestedTypes());
        }
        all.sort(java.util.Comparator.comparing(Descriptor::getFullName));
        if (glueIndex < 0 || glueIndex >= all.size()) {
            throw new IllegalArgumentException("Glue message index " + glueIndex + " names no message of the schema ("
                    + all.size() + " messages)");
        }
        return new ProtoJsonReader(all.get(glueIndex));
    }

    private static Descriptor message(FileDescriptor file, List<Integer> path) {
        List<Integer> indexes = path.isEmpty() ? TOP_LEVEL_INDEXES : path;
        List<Descriptor> candidates = file.getMessageTypes();
        Descriptor found = null;
        for (int index : indexes) {
            if (index < 0 || index >= candidates.size()) {
                throw new IllegalArgumentException("message-index path " + indexes + " names no message of the schema (index "
                        + index + " of " + candidates.size() + " messages)");
            }
            found = candidates.get(index);
            candidates = found.getNestedTypes().stream().filter(n -> !n.getOptions().getMapEntry()).toList();
        }
        return found;
    }
}
