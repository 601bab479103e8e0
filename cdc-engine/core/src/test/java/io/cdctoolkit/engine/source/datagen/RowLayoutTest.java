package io.cdctoolkit.engine.source.datagen;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.config;
import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.ordered;
import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.read;
import static io.cdctoolkit.engine.source.datagen.DatagenFixtures.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowLayoutTest {

    @TempDir
    Path tmp;

    @Test
    void sequenceAndTimestampColumnsAreOnByDefaultAndFollowThePatternColumns() throws Exception {
        ChangeEvent event = read(reader(config("pattern", "key_value", "events_per_second", 500), tmp), 3).get(2);
        Row after = Envelope.after(event.value());

        assertThat(after.schema().fields()).extracting(Field::name).containsExactly("key", "value", "_sequence",
                "_timestamp");
        assertThat(after.schema().field("_sequence").type()).isEqualTo(FieldType.INT64);
        assertThat(after.schema().field("_timestamp").type()).isEqualTo(FieldType.TIMESTAMP_TZ);
        assertThat(after.get("_sequence")).isEqualTo(2L);
        assertThat(after.get("_timestamp")).isEqualTo(Instant.parse("2024-01-01T00:00:00.004Z"));
    }

    @Test
    void includeFlagsRemoveTheirColumns() throws Exception {
        RowSchema onlySequence = valueSchema(config("pattern", "key_value", "include_timestamp", false));
        RowSchema neither = valueSchema(config("pattern", "key_value", "include_timestamp", false,
                "include_sequence", false));

        assertThat(onlySequence.fields()).extracting(Field::name).containsExactly("key", "value", "_sequence");
        assertThat(neither.fields()).extracting(Field::name).containsExactly("key", "value");
    }

    @Test
    void customFieldsAreConstantColumnsInConfigOrderWithInferredTypes() throws Exception {
        Map<String, Object> custom = ordered("env", "test", "version", 1, "weight", 2.5, "beta", true,
                "owners", List.of("ann", "bo"), "limits", ordered("z", 1, "a", 2), "note", null);
        List<ChangeEvent> events = read(reader(config("pattern", "sequence", "include_sequence", false,
                "include_timestamp", false, "custom_fields", custom), tmp), 2);
        Row after = Envelope.after(events.get(1).value());

        assertThat(after.schema().fields()).extracting(Field::name)
                .containsExactly("id", "value", "env", "version", "weight", "beta", "owners", "limits", "note");
        assertThat(after.schema().fields()).extracting(Field::type).endsWith(FieldType.STRING, FieldType.INT64,
                FieldType.FLOAT64, FieldType.BOOLEAN, FieldType.JSON, FieldType.JSON, FieldType.STRING);
        assertThat(after.schema().field("note").optional()).isTrue();
        assertThat(after.schema().field("env").optional()).isFalse();
        assertThat(after.values()).endsWith("test", 1L, 2.5, true, "[\"ann\",\"bo\"]", "{\"z\":1,\"a\":2}", null);
    }

    @Test
    void aCustomFieldClashingWithAColumnIsAConfigErrorNamingItsPath() {
        assertThatThrownBy(() -> reader(config("pattern", "users", "custom_fields", ordered("email", "x",
                "_sequence", 1)), tmp))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(p -> p.keyPath())
                        .containsExactly("sources.gen.config.custom_fields.email",
                                "sources.gen.config.custom_fields._sequence"));
    }

    @Test
    void customFieldsDoNotChangeTheGeneratedValues() throws Exception {
        Row plain = Envelope.after(read(reader(config("pattern", "users"), tmp.resolve("a")), 5).get(4).value());
        Row custom = Envelope.after(read(reader(config("pattern", "users", "custom_fields", ordered("env", "x")),
                tmp.resolve("b")), 5).get(4).value());

        assertThat(List.of(custom.values()).subList(0, plain.schema().size())).containsExactly(plain.values());
    }

    private RowSchema valueSchema(Map<String, Object> cfg) throws Exception {
        ChangeEvent event = read(reader(cfg, tmp.resolve(String.valueOf(cfg.hashCode()))), 1).get(0);
        return Envelope.after(event.value()).schema();
    }
}
