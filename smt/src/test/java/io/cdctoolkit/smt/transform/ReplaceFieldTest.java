package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Stage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cdctoolkit.smt.transform.Transforms.create;
import static io.cdctoolkit.smt.transform.Transforms.one;
import static io.cdctoolkit.smt.transform.Transforms.shapes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplaceFieldTest {

    static final RowSchema ROW = RowSchema.builder("shop.public.users.Value")
            .required("id", FieldType.INT64).optional("a", FieldType.STRING).optional("b", FieldType.INT32)
            .optional("c", FieldType.STRING).build();

    static Row row() {
        return Row.of(ROW, 1L, "A", 2, "C");
    }

    @Test
    void excludeWinsOverIncludeAndFilteringUsesOriginalNames() throws Exception {
        Stage replace = create("replace_field", Map.of("include", List.of("id", "a", "b"), "exclude", List.of("b"),
                "renames", List.of("a:b")));
        Row out = one(replace, Transforms.flat(row())).value();
        assertThat(out.schema().fields()).containsExactly(Field.required("id", FieldType.INT64),
                Field.optional("b", FieldType.STRING));
        assertThat(out.get("b")).isEqualTo("A");
    }

    @Test
    void renamesAreSimultaneousSoTheySwap() throws Exception {
        RowSchema pair = RowSchema.builder("p").optional("a", FieldType.STRING).optional("b", FieldType.INT32).build();
        Stage swap = create("rename_field", Map.of("renames", "a:b,b:a"));
        Row out = one(swap, Transforms.flat(Row.of(pair, "x", 7))).value();
        assertThat(out.schema().fields()).containsExactly(Field.optional("b", FieldType.STRING),
                Field.optional("a", FieldType.INT32));
        assertThat(out.get("b")).isEqualTo("x");
        assertThat(out.get("a")).isEqualTo(7);
    }

    @Test
    void kafkaSpellingsAreAccepted() throws Exception {
        Stage replace = create("org.apache.kafka.connect.transforms.ReplaceField$Value",
                Map.of("blacklist", "b,c", "renames", List.of("a:alpha")));
        Row out = one(replace, Transforms.flat(row())).value();
        assertThat(out).isEqualTo(Row.of(RowSchema.of(ROW.name(), Field.required("id", FieldType.INT64),
                Field.optional("alpha", FieldType.STRING)), 1L, "A"));
        Stage whitelist = create("replace_field", Map.of("whitelist", List.of("c")));
        assertThat(one(whitelist, Transforms.flat(row())).value().schema().size()).isEqualTo(1);
    }

    @Test
    void renamingOntoAKeptFieldIsAConfigErrorAtRenames() throws Exception {
        Stage replace = create("replace_field", Map.of("renames", List.of("a:c")));
        assertThatThrownBy(() -> shapes(replace, ROW)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(Transforms.KEY_PATH + ".config.renames")
                .hasMessageContaining("renaming 'a' to 'c' collides with the kept field 'c'");
        Stage excluded = create("replace_field", Map.of("renames", List.of("a:c"), "exclude", List.of("c")));
        assertThat(shapes(excluded, ROW)).hasSize(1);
    }

    @Test
    void renamesThatCannotWorkOnAnySchemaAreRejectedAtLoad() {
        assertThatThrownBy(() -> create("replace_field", Map.of("renames", List.of("a:x", "b:x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(".config.renames")
                .hasMessageContaining("both renamed to 'x'");
        assertThatThrownBy(() -> create("replace_field", Map.of("renames", List.of("a:x", "a:y"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("renamed twice");
        assertThatThrownBy(() -> create("replace_field", Map.of("renames", List.of("a:b:c"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a rename old:new");
        assertThatThrownBy(() -> create("replace_field", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nothing to replace");
    }

    @Test
    void missingFieldsAreErrorsUnlessIgnored() throws Exception {
        Stage strict = create("replace_field", Map.of("exclude", List.of("pasword")));
        assertThatThrownBy(() -> shapes(strict, ROW)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(Transforms.KEY_PATH + ".config.exclude").hasMessageContaining("'pasword'")
                .hasMessageContaining("(fields: id, a, b, c)").hasMessageNotContaining("did you mean");
        Stage lenient = create("replace_field", Map.of("exclude", List.of("pasword"), "missing_fields", "ignore"));
        assertThat(one(lenient, Transforms.flat(row())).value()).isEqualTo(row());
    }

    @Test
    void envelopeChangesBothRowsAndTombstonesPass() throws Exception {
        Stage replace = create("replace_field", Map.of("exclude", List.of("c"), "renames", List.of("a:alpha")));
        Row before = Row.of(ROW, 1L, "old", 1, "x");
        Row after = Row.of(ROW, 1L, "new", 1, "y");
        ChangeEvent update = one(replace, Transforms.envelope(Op.UPDATE, ROW, before, after));
        assertThat(Envelope.before(update.value()).get("alpha")).isEqualTo("old");
        assertThat(Envelope.after(update.value()).get("alpha")).isEqualTo("new");
        assertThat(Envelope.after(update.value()).schema().indexOf("c")).isEqualTo(-1);
        ChangeEvent delete = one(replace, Transforms.envelope(Op.DELETE, ROW, before, null));
        assertThat(Envelope.before(delete.value()).get("alpha")).isEqualTo("old");
        assertThat(Envelope.after(delete.value())).isNull();
        ChangeEvent tombstone = Transforms.tombstone(null);
        assertThat(one(replace, tombstone)).isSameAs(tombstone);
    }

    @Test
    void keyVariantRenamesKeyFields() throws Exception {
        RowSchema keySchema = RowSchema.builder("k").required("id", FieldType.INT64).build();
        for (String type : List.of("replace_field_key", "org.apache.kafka.connect.transforms.ReplaceField$Key")) {
            Stage replace = create(type, Map.of("renames", List.of("id:user_id")));
            ChangeEvent out = one(replace, Transforms.event(Op.CREATE, Row.of(keySchema, 5L), row()));
            assertThat(out.key().get("user_id")).as(type).isEqualTo(5L);
            assertThat(out.value()).as(type).isEqualTo(row());
        }
    }

    @Test
    void nullsStayNullUnlessReplaceNullWithDefault() throws Exception {
        RowSchema withDefault = RowSchema.of("d", Field.required("id", FieldType.INT64),
                new Field("status", FieldType.STRING, true, "active", null));
        Row row = Row.of(withDefault, 1L, null);
        Stage keep = create("replace_field", Map.of("renames", List.of("status:state")));
        assertThat(one(keep, Transforms.flat(row)).value().get("state")).isNull();
        Stage fill = create("replace_field", Map.of("renames", List.of("status:state"), "replace.null.with.default", true));
        assertThat(one(fill, Transforms.flat(row)).value().get("state")).isEqualTo("active");
        assertThat(one(fill, Transforms.flat(Row.of(withDefault, 1L, "gone"))).value().get("state")).isEqualTo("gone");
    }
    /**
     * Whether replace_field and mask_field have anything to do on a table (check warns of one that has nothing to do on
     * any): the oracle is the stage run on a row of it — it acts exactly when the row comes out other than it went in.
     * Under missing_fields: ignore, fields the table lacks are nothing to do.
     */
    @Test
    void mayApplyToSaysWhetherTheRowsComeOutChanged() throws Exception {
        List<Stage> stages = List.of(
                create("replace_field", Map.of("exclude", List.of("nope"), "missing_fields", "ignore")),
                create("replace_field", Map.of("exclude", List.of("a", "nope"), "missing_fields", "ignore")),
                create("replace_field", Map.of("renames", List.of("nope:x"), "missing_fields", "ignore")),
                create("replace_field", Map.of("renames", List.of("c:d"))),
                create("mask_field", Map.of("fields", List.of("nope"), "missing_fields", "ignore")),
                create("mask_field", Map.of("fields", List.of("c"))));
        for (Stage stage : stages) {
            ChangeEvent in = Transforms.flat(row());
            boolean changed = !one(stage, in).value().equals(in.value());
            assertThat(stage.mayApplyTo(new io.cdctoolkit.engine.spi.EventShape(Transforms.TABLE, Transforms.TOPIC,
                    null, ROW))).as(stage.toString()).isEqualTo(changed);
        }
        // what check says of one that acts on no table: only under missing_fields: ignore (else a missing field fails)
        assertThat(stages).extracting(s -> s.inaction() == null ? null : s.inaction().reason()).containsExactly(
                "none of the fields it names is in them", "none of the fields it names is in them",
                "none of the fields it names is in them", null, "none of the fields it names is in them", null);
    }
}
