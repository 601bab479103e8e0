package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.cdctoolkit.smt.transform.Cdc.ROW;
import static io.cdctoolkit.smt.transform.Cdc.SOURCE_TS;
import static io.cdctoolkit.smt.transform.Cdc.delete;
import static io.cdctoolkit.smt.transform.Cdc.insert;
import static io.cdctoolkit.smt.transform.Cdc.row;
import static io.cdctoolkit.smt.transform.Cdc.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtractNewRecordStateTest {

    private static final ExtractNewRecordStateFactory FACTORY = new ExtractNewRecordStateFactory();

    private static Stage unwrap(Object... keyValues) throws ConfigException {
        Map<String, Object> config = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) config.put((String) keyValues[i], keyValues[i + 1]);
        return Cdc.create(FACTORY, config);
    }

    private static Stage mode(String mode) throws ConfigException {
        return unwrap("delete_handling_mode", mode);
    }

    private static List<String> names(RowSchema schema) {
        return schema.fields().stream().map(Field::name).toList();
    }

    // --- c / r / u: the after row ---

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"CREATE", "READ", "UPDATE"})
    void createReadAndUpdateBecomeTheAfterRowItself(Op op) throws Exception {
        ChangeEvent event = Cdc.event(op, op == Op.UPDATE ? row(1, "Ann") : null, row(1, "Bob"));
        List<ChangeEvent> out = run(unwrap(), event);
        assertThat(out).hasSize(1);
        ChangeEvent flat = out.get(0);
        assertThat(flat.value()).isEqualTo(row(1, "Bob"));
        assertThat(flat.value().schema()).as("the after struct's schema, name included").isSameAs(ROW);
        assertThat(flat.key()).isEqualTo(event.key());
        assertThat(flat.op()).isEqualTo(op);
        assertThat(flat.topic()).isEqualTo(Cdc.TOPIC);
        assertThat(flat.headers()).isEqualTo(event.headers());
    }

    @Test
    void nestedRowsOfTheAfterRowAreKeptWhole() throws Exception {
        Row after = Row.of(ROW, 3L, "Cy", null, Row.of(Cdc.ADDRESS, "Bergen", "5003"));
        ChangeEvent flat = run(unwrap(), Cdc.event(Op.CREATE, null, after)).get(0);
        assertThat(((Row) flat.value().get("address")).get("zip")).isEqualTo("5003");
        assertThat(flat.value().get("email")).isNull();
    }

    // --- the five delete modes ---

    @ParameterizedTest
    @ValueSource(strings = {"tombstone", "delete-to-tombstone"})
    void tombstoneModesTurnADeleteIntoATombstoneWithItsKey(String mode) throws Exception {
        List<ChangeEvent> out = run(mode(mode), delete(7, "Ann"));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).isTombstone()).isTrue();
        assertThat(out.get(0).key()).isEqualTo(Row.of(Cdc.KEY, 7L));
        assertThat(out.get(0).op()).isEqualTo(Op.DELETE);
    }

    @Test
    void tombstoneIsTheDefaultMode() throws Exception {
        assertThat(run(unwrap(), delete(7, "Ann"))).singleElement().satisfies(e -> assertThat(e.isTombstone()).isTrue());
    }

    @Test
    void dropModeDropsDeletesAndKeepsOtherRows() throws Exception {
        Stage drop = mode("drop");
        assertThat(run(drop, delete(7, "Ann"))).isEmpty();
        assertThat(run(drop, insert(1, "Ann"))).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo(row(1, "Ann")));
    }

    @Test
    void rewriteModeMarksEveryRowWithDeletedAsAnOptionalString() throws Exception {
        Stage rewrite = mode("rewrite");
        Row created = run(rewrite, insert(1, "Ann")).get(0).value();
        assertThat(names(created.schema())).containsExactly("id", "name", "email", "address", "__deleted");
        assertThat(created.get("__deleted")).isEqualTo("false");
        assertThat(created.schema().field("__deleted")).isEqualTo(Field.optional("__deleted", FieldType.STRING));
        assertThat(created.schema().name()).isEqualTo("pg.public.users.Value");

        List<ChangeEvent> deleted = run(rewrite, delete(7, "Ann"));
        assertThat(deleted).hasSize(1);
        Row gone = deleted.get(0).value();
        assertThat(gone.schema()).isEqualTo(created.schema());
        assertThat(gone.get("id")).isEqualTo(7L);
        assertThat(gone.get("name")).as("the before row").isEqualTo("Ann");
        assertThat(gone.get("__deleted")).isEqualTo("true");
        assertThat(deleted.get(0).op()).isEqualTo(Op.DELETE);
    }

    @Test
    void rewriteWithTombstoneFollowsTheRewrittenDeleteWithATombstone() throws Exception {
        List<ChangeEvent> out = run(mode("rewrite-with-tombstone"), delete(7, "Ann"));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).value().get("__deleted")).isEqualTo("true");
        assertThat(out.get(1).isTombstone()).isTrue();
        assertThat(out.get(1).key()).isEqualTo(Row.of(Cdc.KEY, 7L));
        assertThat(run(mode("rewrite-with-tombstone"), insert(1, "A")).get(0).value().get("__deleted"))
                .isEqualTo("false");
    }

    // --- tombstones reaching the transform ---

    @ParameterizedTest
    @ValueSource(strings = {"drop", "tombstone", "rewrite", "delete-to-tombstone"})
    void incomingTombstonesAreDroppedByDefault(String mode) throws Exception {
        assertThat(run(mode(mode), Cdc.tombstone(7))).isEmpty();
    }

    @Test
    void rewriteWithTombstoneKeepsIncomingTombstones() throws Exception {
        ChangeEvent tombstone = Cdc.tombstone(7);
        assertThat(run(mode("rewrite-with-tombstone"), tombstone)).containsExactly(tombstone);
    }

    @Test
    void dropTombstonesFalseKeepsIncomingTombstonesInAnyMode() throws Exception {
        ChangeEvent tombstone = Cdc.tombstone(7);
        assertThat(run(unwrap("drop_tombstones", false), tombstone)).containsExactly(tombstone);
        assertThat(run(unwrap("drop.tombstones", false, "delete.tombstone.handling.mode", "rewrite"), tombstone))
                .containsExactly(tombstone);
        assertThat(run(unwrap("drop_tombstones", true, "delete_handling_mode", "tombstone"), tombstone)).isEmpty();
    }

    @Test
    void dropTombstonesTrueContradictsRewriteWithTombstone() {
        assertThatThrownBy(() -> unwrap("drop_tombstones", true, "delete_handling_mode", "rewrite-with-tombstone"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources.pg.config.transforms[0].config.drop_tombstones")
                .hasMessageContaining("rewrite-with-tombstone");
    }

    // --- truncates and flat values ---

    @ParameterizedTest
    @ValueSource(strings = {"drop", "tombstone", "rewrite", "rewrite-with-tombstone", "delete-to-tombstone"})
    void truncatesAreDroppedInEveryMode(String mode) throws Exception {
        assertThat(run(mode(mode), Cdc.truncate())).isEmpty();
    }

    @Test
    void aValueThatIsNotAnEnvelopePassesUnchanged() throws Exception {
        ChangeEvent flat = ChangeEvent.builder(Cdc.USERS, Op.CREATE, Cdc.TOPIC).value(row(1, "Ann")).build();
        Stage stage = unwrap("delete_handling_mode", "rewrite", "add_fields", "op", "add_headers", "op");
        assertThat(run(stage, flat)).containsExactly(flat);
        assertThat(stage.outputShapes(new EventShape(Cdc.USERS, Cdc.TOPIC, null, ROW)))
                .containsExactly(new EventShape(Cdc.USERS, Cdc.TOPIC, null, ROW));
    }

    // --- add_fields ---

    @Test
    void addFieldsFollowsDebeziumsNamingAndTypes() throws Exception {
        Stage stage = unwrap("add_fields", "op,table,source.ts_ms,lsn,ts_ms");
        Row flat = run(stage, insert(1, "Ann")).get(0).value();
        assertThat(names(flat.schema())).containsExactly("id", "name", "email", "address",
                "__op", "__table", "__source_ts_ms", "__lsn", "__ts_ms");
        assertThat(flat.schema().field("__op")).isEqualTo(Field.optional("__op", FieldType.STRING));
        assertThat(flat.schema().field("__table")).isEqualTo(Field.optional("__table", FieldType.STRING));
        assertThat(flat.schema().field("__source_ts_ms")).isEqualTo(Field.optional("__source_ts_ms", FieldType.INT64));
        assertThat(flat.schema().field("__lsn")).isEqualTo(Field.optional("__lsn", FieldType.INT64));
        assertThat(flat.schema().field("__ts_ms")).isEqualTo(Field.optional("__ts_ms", FieldType.INT64));
        assertThat(flat.get("__op")).isEqualTo("c");
        assertThat(flat.get("__table")).isEqualTo("users");
        assertThat(flat.get("__source_ts_ms")).isEqualTo(SOURCE_TS);
        assertThat(flat.get("__lsn")).isEqualTo(42L);
        assertThat(flat.get("__ts_ms")).as("the envelope's own ts_ms, not source.ts_ms").isEqualTo(SOURCE_TS + 5);
    }

    @Test
    void addFieldsAcceptsAliasesAPrefixAndAYamlList() throws Exception {
        Stage stage = unwrap("add.fields", List.of("source.ts_ms:event_ts", "op:OP"), "add.fields.prefix", "meta_");
        Row flat = run(stage, insert(1, "Ann")).get(0).value();
        assertThat(names(flat.schema())).endsWith("meta_event_ts", "meta_OP");
        assertThat(flat.get("meta_event_ts")).isEqualTo(SOURCE_TS);
        Row bare = run(unwrap("add_fields", "db", "add_fields_prefix", ""), insert(1, "Ann")).get(0).value();
        assertThat(bare.get("db")).isEqualTo("shop");
    }

    @Test
    void addedFieldsComeAfterDeletedAndAreAddedToRewrittenDeletes() throws Exception {
        Stage stage = unwrap("delete_handling_mode", "rewrite", "add_fields", "op");
        Row update = run(stage, Cdc.event(Op.UPDATE, row(1, "A"), row(1, "B"))).get(0).value();
        assertThat(names(update.schema())).endsWith("__deleted", "__op");
        assertThat(update.get("__op")).isEqualTo("u");
        Row gone = run(stage, delete(1, "A")).get(0).value();
        assertThat(gone.get("__deleted")).isEqualTo("true");
        assertThat(gone.get("__op")).isEqualTo("d");
    }

    @Test
    void aDeleteTurnedTombstoneGetsNoFields() throws Exception {
        assertThat(run(unwrap("add_fields", "op"), delete(1, "A"))).singleElement()
                .satisfies(e -> assertThat(e.value()).isNull());
    }

    @Test
    void rivvenShorthandsAddOpTableSchemaAndTs() throws Exception {
        Stage stage = unwrap("add_op", true, "add_table", true, "add_schema", true, "add_ts", true);
        Row flat = run(stage, insert(1, "Ann")).get(0).value();
        assertThat(names(flat.schema())).endsWith("__op", "__table", "__schema", "__ts_ms");
        assertThat(flat.get("__schema")).isEqualTo("public");
        assertThat(flat.get("__ts_ms")).isEqualTo(SOURCE_TS + 5);
        Row once = run(unwrap("add_fields", "op", "add_op", true), insert(1, "Ann")).get(0).value();
        assertThat(names(once.schema()).stream().filter("__op"::equals)).hasSize(1);
    }

    @Test
    void aMissingAddedFieldIsFoundByCheckAtItsKeyPath() throws Exception {
        Stage stage = unwrap("add_fields", "op,xmin");
        EventShape shape = new EventShape(Cdc.USERS, Cdc.TOPIC, Cdc.KEY, Cdc.ENVELOPE);
        assertThatThrownBy(() -> stage.outputShapes(shape)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sources.pg.config.transforms[0].config.add_fields")
                .hasMessageContaining("no field 'source.xmin'")
                .hasMessageContaining("shop.public.users");
        assertThatThrownBy(() -> run(stage, insert(1, "Ann"))).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("extract_new_record_state")
                .hasMessageContaining("field 'xmin'");
        Row flat = run(unwrap("add_fields", "op,xmin", "missing_fields", "ignore"), insert(1, "A")).get(0).value();
        assertThat(names(flat.schema())).endsWith("address", "__op");
    }

    @Test
    void aBlockTheEnvelopeDoesNotHaveIsMissing() throws Exception {
        Stage stage = unwrap("add_fields", "transaction.id");
        assertThatThrownBy(() -> stage.outputShapes(new EventShape(Cdc.USERS, Cdc.TOPIC, Cdc.KEY, Cdc.ENVELOPE)))
                .hasMessageContaining("no 'transaction' block");
    }

    @Test
    void anAddedFieldMayNotTakeAnExistingName() throws Exception {
        Stage stage = unwrap("add_fields", "db:name", "add_fields_prefix", "");
        assertThatThrownBy(() -> stage.outputShapes(new EventShape(Cdc.USERS, Cdc.TOPIC, Cdc.KEY, Cdc.ENVELOPE)))
                .hasMessageContaining("already has a field named 'name'");
        Stage twice = unwrap("add_fields", "ts_ms,source.ts_ms:ts_ms");
        assertThatThrownBy(() -> twice.outputShapes(new EventShape(Cdc.USERS, Cdc.TOPIC, Cdc.KEY, Cdc.ENVELOPE)))
                .hasMessageContaining("two added fields would be named '__ts_ms'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"source.ts_ms.x", "op:a:b", "source.", ":alias", "op:"})
    void malformedEntriesAreConfigErrors(String entry) {
        assertThatThrownBy(() -> unwrap("add_fields", entry)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("transforms[0].config.add_fields");
        assertThatThrownBy(() -> unwrap("add_headers", entry)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("transforms[0].config.add_headers");
    }

    // --- add_headers ---

    @Test
    void addHeadersCopiesFieldsAsTextAfterTheEventsOwnHeaders() throws Exception {
        Stage stage = unwrap("add.headers", "op,source.ts_ms,lsn", "add.headers.prefix", "cdc_");
        ChangeEvent out = run(stage, insert(1, "Ann")).get(0);
        assertThat(out.headers().asList()).containsExactly(new Headers.Header("trace", "t-1".getBytes()),
                new Headers.Header("cdc_op", "c".getBytes()),
                new Headers.Header("cdc_source_ts_ms", Long.toString(SOURCE_TS).getBytes()),
                new Headers.Header("cdc_lsn", "42".getBytes()));
        assertThat(out.value().schema()).as("headers do not change the row").isSameAs(ROW);
    }

    @Test
    void aNullFieldBecomesAHeaderWithANullValue() throws Exception {
        Row source = Row.of(Cdc.SOURCE, "postgresql", "shop", null, "users", null, SOURCE_TS);
        ChangeEvent event = Cdc.insert(1, "A").withValue(Envelope.row(Cdc.ENVELOPE, null, row(1, "A"), source,
                Op.CREATE, null));
        Headers headers = run(unwrap("add_headers", "lsn"), event).get(0).headers();
        assertThat(headers.contains("__lsn")).isTrue();
        assertThat(headers.last("__lsn").value()).isNull();
    }

    @Test
    void tombstonesCarryTheOpHeaderOnly() throws Exception {
        Stage stage = unwrap("delete_handling_mode", "rewrite-with-tombstone", "add_headers", "op,lsn");
        List<ChangeEvent> out = run(stage, delete(7, "Ann"));
        assertThat(out.get(0).headers().lastString("__op")).isEqualTo("d");
        assertThat(out.get(0).headers().lastString("__lsn")).isEqualTo("42");
        assertThat(out.get(1).headers().asList()).containsExactly(new Headers.Header("trace", "t-1".getBytes()),
                new Headers.Header("__op", "d".getBytes()));
        List<ChangeEvent> incoming = run(stage, Cdc.tombstone(7));
        assertThat(incoming.get(0).headers().lastString("__op")).isEqualTo("d");
        assertThat(incoming.get(0).headers().contains("__lsn")).isFalse();
    }

    @Test
    void aDeleteTurnedTombstoneKeepsTheDeletesHeaders() throws Exception {
        ChangeEvent out = run(unwrap("add_headers", "op,lsn"), delete(7, "Ann")).get(0);
        assertThat(out.isTombstone()).isTrue();
        assertThat(out.headers().lastString("__op")).isEqualTo("d");
        assertThat(out.headers().lastString("__lsn")).isEqualTo("42");
    }

    @Test
    void aRowCannotBeAHeader() throws Exception {
        Stage stage = unwrap("add_headers", "source");
        assertThatThrownBy(() -> stage.outputShapes(new EventShape(Cdc.USERS, Cdc.TOPIC, Cdc.KEY, Cdc.ENVELOPE)))
                .hasMessageContaining("transforms[0].config.add_headers").hasMessageContaining("cannot be a header");
    }

    // --- shapes ---

    @Test
    void outputShapesListWhatEachModeEmits() throws Exception {
        EventShape envelope = new EventShape(Cdc.USERS, Cdc.TOPIC, Cdc.KEY, Cdc.ENVELOPE);
        // Each shape says which operations take it: truncates are dropped, deletes become tombstones unless rewritten.
        EventShape flat = envelope.withValue(ROW).withOperations(Set.of(Op.CREATE, Op.READ, Op.UPDATE));
        EventShape tombstone = envelope.withValue(null).withOperations(Set.of(Op.DELETE));
        assertThat(mode("tombstone").outputShapes(envelope)).containsExactly(flat, tombstone);
        assertThat(mode("delete-to-tombstone").outputShapes(envelope)).containsExactly(flat, tombstone);
        assertThat(mode("drop").outputShapes(envelope)).containsExactly(flat);
        List<EventShape> rewrite = mode("rewrite").outputShapes(envelope);
        assertThat(rewrite).hasSize(1);
        assertThat(names(rewrite.get(0).value())).endsWith("address", "__deleted");
        assertThat(rewrite.get(0).operations()).containsExactlyInAnyOrder(Op.CREATE, Op.READ, Op.UPDATE, Op.DELETE);
        List<EventShape> withTombstone = mode("rewrite-with-tombstone").outputShapes(envelope);
        assertThat(withTombstone).hasSize(2);
        assertThat(withTombstone.get(0).operations()).containsExactlyInAnyOrder(Op.CREATE, Op.READ, Op.UPDATE, Op.DELETE);
        assertThat(withTombstone.get(1)).isEqualTo(tombstone);
        // A shape without deletes gets no tombstone; one of truncates alone, nothing.
        EventShape upserts = envelope.withOperations(Set.of(Op.CREATE, Op.UPDATE));
        assertThat(mode("tombstone").outputShapes(upserts)).containsExactly(flat.withOperations(Set.of(Op.CREATE, Op.UPDATE)));
        assertThat(mode("tombstone").outputShapes(envelope.withOperations(Set.of(Op.TRUNCATE)))).isEmpty();
        assertThat(mode("tombstone").outputShapes(tombstone)).isEmpty();
        assertThat(mode("rewrite-with-tombstone").outputShapes(tombstone)).containsExactly(tombstone);
        List<EventShape> added = unwrap("add_fields", "op").outputShapes(envelope);
        assertThat(names(added.get(0).value())).endsWith("__op");
        assertThat(added.get(0).value()).isEqualTo(run(unwrap("add_fields", "op"), insert(1, "A")).get(0).value().schema());
    }

    @Test
    void rewritingARowThatHasDeletedIsASchemaError() throws Exception {
        RowSchema row = RowSchema.builder("t.Value").required("id", FieldType.INT64)
                .optional("__deleted", FieldType.STRING).build();
        EventShape shape = new EventShape(Cdc.USERS, Cdc.TOPIC, null, Envelope.schema("t", row, Cdc.SOURCE));
        assertThatThrownBy(() -> mode("rewrite").outputShapes(shape))
                .hasMessageContaining("transforms[0].config.delete_handling_mode").hasMessageContaining("__deleted");
    }

    @Test
    void theDebeziumClassNameIsAnAlias() {
        assertThat(ComponentCatalog.load().transform("io.debezium.transforms.ExtractNewRecordState"))
                .get().isInstanceOf(ExtractNewRecordStateFactory.class);
        assertThat(ComponentCatalog.load().transform("extract_new_record_state")).isPresent();
    }
}
