package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SchemaCache;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.smt.MissingFields;
import io.cdctoolkit.smt.SchemaMismatchException;
import io.cdctoolkit.smt.TransformContext;
import io.cdctoolkit.smt.TransformErrors;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Debezium's {@code ExtractNewRecordState} (3.5): a change envelope's value becomes its {@code after}
 * row; deletes, tombstones and truncates are handled as {@link DeleteHandling} says; {@code add_fields}
 * append envelope/source fields to the row and {@code add_headers} copy them into headers. A value
 * that is not an envelope passes unchanged. One {@link Plan} is compiled per envelope schema.
 */
final class ExtractNewRecordState implements Stage {

    /** Debezium's rewrite marker field. */
    static final String DELETED_FIELD = "__deleted";

    private final TransformContext context;
    private final DeleteHandling mode;
    private final boolean keepTombstones;
    private final List<MetadataField> addFields;
    private final List<MetadataField> addHeaders;
    private final MissingFields missingFields;
    /** The headers Debezium gives a tombstone: only {@code op}, always {@code d}. */
    private final Headers tombstoneHeaders;
    private final SchemaCache<Compiled> plans = SchemaCache.create();

    /**
     * @param context        name and key path
     * @param mode           what deletes become
     * @param keepTombstones whether tombstones reaching the transform pass
     * @param addFields      fields appended to the flat row
     * @param addHeaders     fields copied into headers
     * @param missingFields  what a field missing from the envelope means
     */
    ExtractNewRecordState(TransformContext context, DeleteHandling mode, boolean keepTombstones,
                          List<MetadataField> addFields, List<MetadataField> addHeaders, MissingFields missingFields) {
        this.context = context;
        this.mode = mode;
        this.keepTombstones = keepTombstones;
        this.addFields = List.copyOf(addFields);
        this.addHeaders = List.copyOf(addHeaders);
        this.missingFields = missingFields;
        Headers.Builder tombstone = Headers.builder();
        for (MetadataField h : addHeaders) {
            if (h.struct() == null && Envelope.OP.equals(h.field())) tombstone.add(h.newName(), "d");
        }
        this.tombstoneHeaders = tombstone.build();
    }

    @Override
    public String name() {
        return context.name();
    }

    @Override
    public void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException {
        Row value = event.value();
        if (value == null) {
            if (keepTombstones) out.accept(tombstone(event));
            return;
        }
        Compiled compiled = plans.get(value.schema(), this::compile);
        compiled.apply(event, out);
    }

    @Override
    public List<EventShape> outputShapes(EventShape input) throws ConfigException {
        if (input.isTombstone()) return keepTombstones ? List.of(input) : List.of();
        Compiled compiled = compile(input.value());
        if (compiled instanceof Mismatch m) throw TransformErrors.config(context, input, m.cause());
        if (!(compiled instanceof Plan plan)) return List.of(input);
        // Each output shape says which operations its events have: a delete becomes a tombstone (or nothing) unless
        // rewritten, a truncate nothing (Plan.apply), so check's reviews of deletes and a later predicate on operations
        // see where deletes go.
        boolean deletes = input.operations().contains(Op.DELETE);
        Set<Op> rows = EnumSet.noneOf(Op.class);
        rows.addAll(input.operations());
        rows.remove(Op.TRUNCATE);
        if (!mode.rewrites()) rows.remove(Op.DELETE);
        List<EventShape> shapes = new ArrayList<>(2);
        if (!rows.isEmpty()) shapes.add(input.withValue(plan.after().schema()).withOperations(rows));
        if (deletes && (mode.deleteBecomesTombstone() || mode == DeleteHandling.REWRITE_WITH_TOMBSTONE)) {
            shapes.add(input.withValue(null).withOperations(Set.of(Op.DELETE)));
        }
        return List.copyOf(shapes);
    }

    /** {@code event} as a tombstone, with the headers Debezium gives tombstones. */
    private ChangeEvent tombstone(ChangeEvent event) {
        ChangeEvent t = event.value() == null ? event : event.withValue(null);
        return tombstoneHeaders.isEmpty() ? t : t.withHeaders(event.headers().withAll(tombstoneHeaders));
    }

    private Compiled compile(RowSchema schema) {
        if (!Envelope.isEnvelope(schema)) return new PassThrough();
        try {
            List<Added> fields = locate(schema, addFields, "add_fields", false);
            List<Added> headers = locate(schema, addHeaders, "add_headers", true);
            RowSchema afterSchema = Envelope.rowSchema(schema);
            RowSchema beforeSchema = ((FieldType.Struct) schema.field(Envelope.BEFORE_INDEX).type()).schema();
            FlatRow after = FlatRow.compile(afterSchema, mode.rewrites() ? "false" : null, fields);
            // A rewritten delete gets __deleted "true" where other rows get "false": its own plan.
            boolean sameRows = beforeSchema == afterSchema || beforeSchema.equals(afterSchema);
            FlatRow before = sameRows && !mode.rewrites() ? after
                    : FlatRow.compile(beforeSchema, mode.rewrites() ? "true" : null, fields);
            return new Plan(after, before, headers.toArray(new Added[0]));
        } catch (SchemaMismatchException e) {
            return new Mismatch(e);
        }
    }

    private List<Added> locate(RowSchema envelope, List<MetadataField> refs, String option, boolean asHeader)
            throws SchemaMismatchException {
        List<Added> out = new ArrayList<>(refs.size());
        Set<String> names = new HashSet<>();
        for (MetadataField ref : refs) {
            MetadataField.Location at = ref.locate(envelope);
            if (at == null) {
                if (missingFields == MissingFields.IGNORE) continue;
                throw new SchemaMismatchException(option, ref.spec(), "the change envelope has no field '"
                        + (ref.struct() == null ? "" : ref.struct() + ".") + ref.field() + "' (" + describe(envelope, ref)
                        + "); use missing_fields: ignore to skip it, as Debezium does");
            }
            if (asHeader && !HeaderText.supports(at.field().type())) {
                throw new SchemaMismatchException(option, ref.spec(), "a " + at.field().type()
                        + " field cannot be a header (only booleans, numbers, strings and uuids)");
            }
            if (!names.add(ref.newName()) && !asHeader) {
                throw new SchemaMismatchException(option, ref.spec(), "two added fields would be named '"
                        + ref.newName() + "'");
            }
            out.add(new Added(ref, at));
        }
        return out;
    }

    private static String describe(RowSchema envelope, MetadataField ref) {
        RowSchema block = envelope;
        String where = "the envelope";
        if (ref.struct() != null) {
            int i = envelope.indexOf(ref.struct());
            if (i < 0 || !(envelope.field(i).type() instanceof FieldType.Struct s)) {
                return "it has no '" + ref.struct() + "' block";
            }
            block = s.schema();
            where = ref.struct();
        }
        return where + " has " + String.join(", ", block.fields().stream().map(Field::name).toList());
    }

    /** An added field or header and where its value is. */
    record Added(MetadataField ref, MetadataField.Location at) {
    }

    /** What was compiled for one value schema. */
    private sealed interface Compiled permits PassThrough, Plan, Mismatch {
        void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException;
    }

    /** Not a change envelope (already flat): Debezium passes such records unchanged. */
    private static final class PassThrough implements Compiled {
        @Override
        public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
            out.accept(event);
        }
    }

    /** The envelope schema does not fit the options: every event of it goes to {@code on_error}. */
    private final class Mismatch implements Compiled {
        private final SchemaMismatchException cause;

        Mismatch(SchemaMismatchException cause) {
            this.cause = cause;
        }

        SchemaMismatchException cause() {
            return cause;
        }

        @Override
        public void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException {
            throw TransformErrors.invalid(context, event, cause);
        }
    }

    /** The compiled unwrap of one envelope schema. */
    private final class Plan implements Compiled {
        private final FlatRow after;
        private final FlatRow before;
        private final Added[] headers;

        Plan(FlatRow after, FlatRow before, Added[] headers) {
            this.after = after;
            this.before = before;
            this.headers = headers;
        }

        FlatRow after() {
            return after;
        }

        @Override
        public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
            Row envelope = event.value();
            Row afterRow = Envelope.after(envelope);
            Row beforeRow = Envelope.before(envelope);
            if (afterRow == null && beforeRow == null) return; // a truncate (or an empty envelope): Debezium drops it
            ChangeEvent withHeaders = headers.length == 0 ? event : event.withHeaders(headers(event.headers(), envelope));
            if (afterRow != null) {
                out.accept(withHeaders.withValue(after.build(afterRow, envelope)));
                return;
            }
            switch (mode) {
                case DROP -> { }
                case TOMBSTONE, DELETE_TO_TOMBSTONE -> out.accept(withHeaders.withValue(null));
                case REWRITE -> out.accept(withHeaders.withValue(before.build(beforeRow, envelope)));
                case REWRITE_WITH_TOMBSTONE -> {
                    out.accept(withHeaders.withValue(before.build(beforeRow, envelope)));
                    out.accept(tombstone(event));
                }
            }
        }

        private Headers headers(Headers start, Row envelope) {
            Headers.Builder b = start.toBuilder();
            for (Added h : headers) b.add(h.ref().newName(), HeaderText.bytes(h.at().read(envelope)));
            return b.build();
        }
    }

    /**
     * How one row schema ({@code after}'s, or {@code before}'s for rewritten deletes) becomes the flat
     * row: its fields, then {@code __deleted} when rewriting, then the added fields (Debezium's order).
     */
    record FlatRow(RowSchema schema, int rowSize, String deleted, Added[] added) {

        static FlatRow compile(RowSchema row, String deleted, List<Added> added) throws SchemaMismatchException {
            if (deleted == null && added.isEmpty()) return new FlatRow(row, row.size(), null, new Added[0]);
            List<Field> fields = new ArrayList<>(row.fields());
            if (deleted != null) {
                if (row.indexOf(DELETED_FIELD) >= 0) {
                    throw new SchemaMismatchException("delete_handling_mode", DELETED_FIELD,
                            "the row already has a field named " + DELETED_FIELD + ", which rewrite mode adds");
                }
                fields.add(Field.optional(DELETED_FIELD, FieldType.STRING));
            }
            for (Added a : added) {
                String name = a.ref().newName();
                if (row.indexOf(name) >= 0 || name.equals(DELETED_FIELD) && deleted != null) {
                    throw new SchemaMismatchException("add_fields", a.ref().spec(), "the row already has a field named '"
                            + name + "'; choose another add_fields_prefix or an alias (field:alias)");
                }
                Field source = a.at().field();
                // Debezium copies the field's schema made optional, without its default.
                fields.add(new Field(name, source.type(), true, null, source.doc()));
            }
            return new FlatRow(RowSchema.of(row.name(), fields), row.size(), deleted, added.toArray(new Added[0]));
        }

        Row build(Row row, Row envelope) {
            if (schema == row.schema()) return row;
            Object[] values = new Object[schema.size()];
            row.copyValuesTo(values, 0);
            int i = rowSize;
            if (deleted != null) values[i++] = deleted;
            for (Added a : added) values[i++] = a.at().read(envelope);
            return Row.wrap(schema, values);
        }
    }
}
