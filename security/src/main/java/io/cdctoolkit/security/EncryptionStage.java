package io.cdctoolkit.security;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SchemaCache;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.ProtectingStage;
import io.cdctoolkit.security.keys.EncryptionMode;
import io.cdctoolkit.security.keys.FieldCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The {@code encryption} feature: encrypts the selected fields of keys, flat values and both sides of
 * change envelopes (see docs/cdc-features.md). Plans are compiled per input schema and table; an event
 * whose selected field cannot be encrypted is rejected ({@link InvalidDataException}), never passed on
 * with the field in plaintext.
 *
 * <p>Events that carry encrypted fields get the header {@value FieldDecryptor#CONTEXT_HEADER} =
 * {@code "<database>.<schema>.<table>"}, the associated-data prefix, so that flat rows (which have no
 * {@code source} block) can be decrypted downstream.
 */
final class EncryptionStage implements ProtectingStage {

    private static final Logger LOG = LoggerFactory.getLogger(EncryptionStage.class);

    private final String name;
    private final FieldSelector selector;
    private final FieldCipher cipher;
    private final EncryptionMode mode;
    private final SchemaCache<TablePlans<ValuePlan>> valuePlans = SchemaCache.create();
    private final SchemaCache<TablePlans<RowEncryption>> keyPlans = SchemaCache.create();
    private final Set<TableId> warnedKeys = ConcurrentHashMap.newKeySet();

    EncryptionStage(String name, FieldSelector selector, FieldCipher cipher, EncryptionMode mode) {
        this.name = name;
        this.selector = selector;
        this.cipher = cipher;
        this.mode = mode;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean covers(TableId table) {
        return selector.covers(table);
    }

    @Override
    public void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException {
        TableId table = event.table();
        Row key = event.key();
        Row value = event.value();
        RowEncryption keyPlan = key == null ? null : keyPlan(key.schema(), table);
        ValuePlan valuePlan = value == null ? null : valuePlan(value.schema(), table);
        boolean keyEncrypted = keyPlan != null && keyPlan.encryptsAny();
        boolean valueEncrypted = valuePlan != null && valuePlan.encryptsAny();
        if (!keyEncrypted && !valueEncrypted) {
            out.accept(event);
            return;
        }
        Row newKey = keyEncrypted ? keyPlan.apply(key, cipher, name) : key;
        Row newValue = valueEncrypted ? valuePlan.apply(value, cipher, name) : value;
        out.accept(new ChangeEvent(table, event.op(), newKey, newValue, withContext(event.headers(), table, valuePlan),
                event.topic(), event.position(), event.sourceTimestamp(), event.transaction(), event.unreadable()));
    }

    // An event usually arrives without headers: it then gets the plan's prebuilt (immutable) headers.
    private static Headers withContext(Headers headers, TableId table, ValuePlan valuePlan) {
        if (valuePlan != null && headers.isEmpty()) return valuePlan.contextOnly();
        byte[] context = valuePlan != null ? valuePlan.contextHeader()
                : EncryptedValues.context(table).getBytes(StandardCharsets.UTF_8);
        return headers.with(FieldDecryptor.CONTEXT_HEADER, context);
    }

    @Override
    public List<EventShape> outputShapes(EventShape input) {
        EventShape shape = input;
        if (input.key() != null) shape = shape.withKey(keyPlan(input.key(), input.table()).output());
        if (input.value() != null) shape = shape.withValue(valuePlan(input.value(), input.table()).output());
        return List.of(shape);
    }

    /**
     * The shape {@code selector}'s encryption gives events of {@code input}'s shape (each selected field a string),
     * known without a key: what {@code schema derive} and {@code topics --schemas} show.
     */
    static EventShape encryptedShape(FieldSelector selector, EventShape input) {
        EventShape shape = input;
        TableId table = input.table();
        if (input.key() != null) shape = shape.withKey(RowEncryption.compile(selector, table, input.key(), "key.").output());
        if (input.value() != null) shape = shape.withValue(ValuePlan.compile(selector, table, input.value()).output());
        return shape;
    }

    /** Whether {@code selector} selects a field of events of {@code input}'s shape (key, flat row, before or after). */
    static boolean encryptsAny(FieldSelector selector, EventShape input) {
        TableId table = input.table();
        return input.key() != null && RowEncryption.compile(selector, table, input.key(), "key.").encryptsAny()
                || input.value() != null && ValuePlan.compile(selector, table, input.value()).encryptsAny();
    }

    private RowEncryption keyPlan(RowSchema schema, TableId table) {
        return keyPlans.get(schema, s -> new TablePlans<>()).get(table, t -> {
            RowEncryption plan = RowEncryption.compile(selector, t, schema, "key.");
            if (plan.encryptsAny() && mode == EncryptionMode.RANDOM && warnedKeys.add(t)) {
                LOG.warn("encryption: key field(s) {} of table {} are encrypted in mode random: equal keys get"
                        + " different ciphertexts, which breaks log compaction and key-based partitioning;"
                        + " mode deterministic keeps them", plan.encryptedFields(), t);
            }
            return plan;
        });
    }

    private ValuePlan valuePlan(RowSchema schema, TableId table) {
        return valuePlans.get(schema, s -> new TablePlans<>()).get(table, t -> ValuePlan.compile(selector, t, schema));
    }

    /** What is compiled for one value schema of one table: a flat row, or an envelope's two sides. */
    private record ValuePlan(RowSchema output, RowEncryption flat, RowEncryption before, RowEncryption after,
                             byte[] contextHeader, Headers contextOnly) {

        ValuePlan(RowSchema output, RowEncryption flat, RowEncryption before, RowEncryption after, byte[] contextHeader) {
            this(output, flat, before, after, contextHeader, Headers.EMPTY.with(FieldDecryptor.CONTEXT_HEADER, contextHeader));
        }

        static ValuePlan compile(FieldSelector selector, TableId table, RowSchema schema) {
            byte[] header = EncryptedValues.context(table).getBytes(StandardCharsets.UTF_8);
            if (!Envelope.isEnvelope(schema)) {
                RowEncryption flat = RowEncryption.compile(selector, table, schema, "");
                return new ValuePlan(flat.output(), flat, null, null, header);
            }
            RowSchema beforeSchema = ((FieldType.Struct) schema.field(Envelope.BEFORE_INDEX).type()).schema();
            RowSchema afterSchema = Envelope.rowSchema(schema);
            RowEncryption after = RowEncryption.compile(selector, table, afterSchema, Envelope.AFTER + ".");
            RowEncryption before = RowEncryption.compile(selector, table, beforeSchema, Envelope.BEFORE + ".");
            if (!after.encryptsAny() && !before.encryptsAny()) return new ValuePlan(schema, null, before, after, header);
            List<Field> fields = new ArrayList<>(schema.fields());
            fields.set(Envelope.BEFORE_INDEX, withStruct(schema.field(Envelope.BEFORE_INDEX), before.output()));
            fields.set(Envelope.AFTER_INDEX, withStruct(schema.field(Envelope.AFTER_INDEX), after.output()));
            return new ValuePlan(RowSchema.of(schema.name(), fields), null, before, after, header);
        }

        private static Field withStruct(Field field, RowSchema schema) {
            return new Field(field.name(), new FieldType.Struct(schema), field.optional(), null, field.doc());
        }

        boolean encryptsAny() {
            return flat != null ? flat.encryptsAny() : before.encryptsAny() || after.encryptsAny();
        }

        Row apply(Row value, FieldCipher cipher, String stage) throws InvalidDataException {
            if (flat != null) return flat.apply(value, cipher, stage);
            Object[] values = value.values();
            Row beforeRow = (Row) values[Envelope.BEFORE_INDEX];
            Row afterRow = (Row) values[Envelope.AFTER_INDEX];
            if (beforeRow != null) values[Envelope.BEFORE_INDEX] = before.apply(beforeRow, cipher, stage);
            if (afterRow != null) values[Envelope.AFTER_INDEX] = after.apply(afterRow, cipher, stage);
            return Row.wrap(output, values);
        }
    }

    @Override
    public String toString() {
        return "EncryptionStage[" + name + ", " + mode.optionValue() + "]";
    }
}
