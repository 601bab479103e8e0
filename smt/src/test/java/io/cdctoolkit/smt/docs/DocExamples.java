package io.cdctoolkit.smt.docs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Headers;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SourcePosition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the {@code ```yaml example} blocks of docs/transforms.md, so that every example a user reads
 * is what the transforms do. Keys of a block:
 * <ul>
 *   <li>{@code transform} (one {@code transforms:} entry: type, predicate, config) or
 *       {@code transforms} (a list, run as a chain);</li>
 *   <li>{@code schema}: the table's row schema ({@link ExampleValues} notation); {@code key_schema}
 *       and {@code key}: the record key (optional); {@code table} ({@code public.users}),
 *       {@code topic} ({@code pg.public.users}), {@code headers} (a map of strings);</li>
 *   <li>{@code input}: a flat row, or with {@code envelope: true} a mapping of {@code op},
 *       {@code before}, {@code after} (the change envelope; the source block is the example
 *       source's), or {@code tombstone};</li>
 *   <li>expected: {@code output} (a row, an envelope mapping of op/before/after, {@code tombstone} or
 *       {@code dropped}) or {@code outputs} (a list of those, in order); optionally
 *       {@code output_key}, {@code output_topic}, {@code output_headers} (headers the output must
 *       have, as strings), {@code output_schema} (the output row's schema in the notation, field
 *       names, types and optionality; for an envelope the {@code after} row's); or {@code error}
 *       (text the event's InvalidDataException message contains) or {@code config_error} (text of
 *       the ConfigException of creating the transform or of checking it against the schema).</li>
 * </ul>
 */
final class DocExamples {

    /** The example source block of envelope inputs. */
    static final RowSchema SOURCE = RowSchema.builder("io.debezium.connector.postgresql.Source")
            .required("connector", FieldType.STRING).required("db", FieldType.STRING)
            .optional("schema", FieldType.STRING).required("table", FieldType.STRING)
            .optional("lsn", FieldType.INT64).required("ts_ms", FieldType.INT64).build();
    static final Instant TS = Instant.parse("2024-05-01T10:00:00Z");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ComponentCatalog catalog = ComponentCatalog.load();

    /** The examples of a page (path relative to the module's folder, e.g. {@code ../docs/transforms.md}). */
    static List<DocExample> read(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page);
        List<DocExample> out = new ArrayList<>();
        String heading = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) heading = line.replaceFirst("^#+\\s*", "");
            if (!line.trim().equals("```yaml example")) continue;
            StringBuilder block = new StringBuilder();
            int start = i + 1;
            for (i++; i < lines.size() && !lines.get(i).trim().equals("```"); i++) block.append(lines.get(i)).append('\n');
            @SuppressWarnings("unchecked")
            Map<String, Object> body = YAML.readValue(block.toString(), Map.class);
            out.add(new DocExample(page.getFileName().toString(), start, heading, body));
        }
        return out;
    }

    /** Runs one example, failing with what differs. */
    @SuppressWarnings("unchecked")
    void run(DocExample example, Path stateDir) throws Exception {
        Map<String, Object> b = example.body();
        List<Map<String, Object>> entries = b.containsKey("transforms")
                ? (List<Map<String, Object>>) b.get("transforms") : List.of((Map<String, Object>) b.get("transform"));
        TableId table = table((String) b.getOrDefault("table", "public.users"));
        String topic = (String) b.getOrDefault("topic", "pg.public.users");
        RowSchema rowSchema = ExampleValues.schema("pg.public.users.Value", (Map<String, Object>) b.get("schema"));
        RowSchema keySchema = b.containsKey("key_schema")
                ? ExampleValues.schema("pg.public.users.Key", (Map<String, Object>) b.get("key_schema")) : null;
        boolean envelope = Boolean.TRUE.equals(b.get("envelope"));
        RowSchema valueSchema = envelope ? Envelope.schema("pg.public.users", rowSchema, SOURCE) : rowSchema;

        List<Stage> chain = new ArrayList<>();
        try {
            for (int i = 0; i < entries.size(); i++) chain.add(create(entries.get(i), i, stateDir));
            EventShape shape = new EventShape(table, topic, keySchema, valueSchema);
            List<EventShape> shapes = List.of(shape);
            for (Stage stage : chain) {
                List<EventShape> next = new ArrayList<>();
                for (EventShape s : shapes) next.addAll(stage.outputShapes(s));
                shapes = next;
            }
        } catch (ConfigException e) {
            if (b.containsKey("config_error")) {
                assertThat(e.getMessage()).as(example.toString()).contains((String) b.get("config_error"));
                return;
            }
            throw new AssertionError(example + ": " + e.getMessage(), e);
        }
        if (b.containsKey("config_error")) fail(example + ": expected a config error containing '"
                + b.get("config_error") + "'");

        ChangeEvent input = input(b, table, topic, rowSchema, keySchema, valueSchema, envelope);
        List<ChangeEvent> outputs;
        try {
            outputs = runChain(chain, input);
        } catch (InvalidDataException e) {
            if (b.containsKey("error")) {
                assertThat(e.getMessage()).as(example.toString()).contains((String) b.get("error"));
                return;
            }
            throw new AssertionError(example + ": " + e.getMessage(), e);
        }
        if (b.containsKey("error")) fail(example + ": expected an error containing '" + b.get("error") + "', got "
                + outputs.stream().map(o -> ExampleValues.notation(o.value())).toList());
        List<Object> expected = b.containsKey("outputs") ? (List<Object>) b.get("outputs") : List.of(b.get("output"));
        if (expected.size() == 1 && "dropped".equals(expected.get(0))) {
            assertThat(outputs).as(example + ": dropped").isEmpty();
            return;
        }
        assertThat(outputs).as(example + ": number of outputs").hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) compare(example, expected.get(i), outputs.get(i));
        ChangeEvent last = outputs.get(outputs.size() - 1);
        if (b.containsKey("output_topic")) assertThat(last.topic()).as(example + ": topic").isEqualTo(b.get("output_topic"));
        if (b.containsKey("output_key")) {
            Object expectedKey = b.get("output_key");
            if (expectedKey == null) {
                assertThat(last.key()).as(example + ": key").isNull();
            } else {
                assertThat(last.key()).as(example + ": key").isNotNull();
                assertThat(ExampleValues.notation(last.key())).as(example + ": key")
                        .isEqualTo(ExampleValues.notation(ExampleValues.row(last.key().schema(), (Map<String, Object>) expectedKey)));
            }
        }
        if (b.containsKey("output_headers")) {
            ((Map<String, Object>) b.get("output_headers")).forEach((k, v) -> assertThat(last.headers().lastString(k))
                    .as(example + ": header " + k).isEqualTo(v == null ? null : v.toString()));
        }
        if (b.containsKey("output_schema")) {
            RowSchema out = last.value().schema();
            RowSchema row = Envelope.isEnvelope(out) ? Envelope.rowSchema(out) : out;
            assertThat(ExampleValues.notation(row)).as(example + ": output schema")
                    .isEqualTo(ExampleValues.notation(ExampleValues.schema("expected", (Map<String, Object>) b.get("output_schema"))));
        }
    }

    @SuppressWarnings("unchecked")
    private Stage create(Map<String, Object> entry, int index, Path stateDir) throws ConfigException {
        String type = (String) entry.get("type");
        TransformFactory factory = catalog.transform(type)
                .orElseThrow(() -> new AssertionError("no transform named '" + type + "'"));
        String keyPath = "transforms[" + index + "]";
        Map<String, Object> predicate = (Map<String, Object>) entry.get("predicate");
        Options predicateOptions = predicate == null ? null
                : Options.of(keyPath + ".predicate", TransformFactory.PREDICATE_OPTIONS, predicate);
        Map<String, Object> config = (Map<String, Object>) entry.getOrDefault("config", Map.of());
        Options options = Options.of(keyPath + ".config", factory.spec().options(), config);
        // What the config loader reports at load, before anything is created.
        List<io.cdctoolkit.engine.spi.ConfigProblem> problems = factory.validate(options);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return factory.create(options, predicateOptions,
                new ComponentContext(factory.spec().name(), keyPath, null, stateDir,
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    private static List<ChangeEvent> runChain(List<Stage> chain, ChangeEvent input) throws InvalidDataException {
        List<ChangeEvent> current = List.of(input);
        for (Stage stage : chain) {
            List<ChangeEvent> next = new ArrayList<>();
            for (ChangeEvent e : current) stage.apply(e, next::add);
            current = next;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static ChangeEvent input(Map<String, Object> b, TableId table, String topic, RowSchema rowSchema,
                                     RowSchema keySchema, RowSchema valueSchema, boolean envelope) {
        Object in = b.get("input");
        Op op = Op.CREATE;
        Row value = null;
        if (!"tombstone".equals(in)) {
            Map<String, Object> m = (Map<String, Object>) in;
            if (envelope) {
                op = Op.parse((String) m.getOrDefault("op", "c"));
                Row before = m.get("before") == null ? null : ExampleValues.row(rowSchema, (Map<String, Object>) m.get("before"));
                Row after = m.get("after") == null ? null : ExampleValues.row(rowSchema, (Map<String, Object>) m.get("after"));
                Row source = Row.of(SOURCE, "postgresql", table.database(), table.schema(), table.table(), 1234L,
                        TS.toEpochMilli());
                value = Envelope.row(valueSchema, before, after, source, op, TS.plusMillis(5));
            } else {
                op = Op.parse((String) b.getOrDefault("op", "c"));
                value = ExampleValues.row(rowSchema, m);
            }
        } else if (b.containsKey("op")) {
            op = Op.parse((String) b.get("op"));
        }
        Row key = keySchema == null ? null : ExampleValues.row(keySchema, (Map<String, Object>) b.get("key"));
        Headers headers = b.containsKey("headers")
                ? Headers.ofStrings(stringMap((Map<String, Object>) b.get("headers"))) : Headers.EMPTY;
        return ChangeEvent.builder(table, op, topic).key(key).value(value).headers(headers)
                .position(SourcePosition.of(Map.of("lsn", 1234L))).sourceTimestamp(TS).build();
    }

    private static Map<String, String> stringMap(Map<String, Object> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v == null ? null : v.toString()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void compare(DocExample example, Object expected, ChangeEvent actual) {
        if ("tombstone".equals(expected)) {
            assertThat(actual.isTombstone()).as(example + ": expected a tombstone, got "
                    + ExampleValues.notation(actual.value())).isTrue();
            return;
        }
        assertThat(actual.value()).as(example + ": expected a value, got a tombstone").isNotNull();
        Row value = actual.value();
        Map<String, Object> want = (Map<String, Object>) expected;
        if (Envelope.isEnvelope(value.schema())) {
            Map<String, Object> got = new LinkedHashMap<>();
            got.put("op", value.get(Envelope.OP_INDEX));
            got.put("before", ExampleValues.notation(Envelope.before(value)));
            got.put("after", ExampleValues.notation(Envelope.after(value)));
            Map<String, Object> wantTyped = new LinkedHashMap<>();
            wantTyped.put("op", want.getOrDefault("op", got.get("op")));
            wantTyped.put("before", typed(structSchema(value.schema(), Envelope.BEFORE_INDEX), want.get("before")));
            wantTyped.put("after", typed(structSchema(value.schema(), Envelope.AFTER_INDEX), want.get("after")));
            assertThat(got).as(example.toString()).isEqualTo(wantTyped);
        } else {
            assertThat(ExampleValues.notation(value)).as(example.toString()).isEqualTo(typed(value.schema(), want));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object typed(RowSchema schema, Object expected) {
        if (expected == null) return null;
        return ExampleValues.notation(ExampleValues.row(schema, (Map<String, Object>) expected));
    }

    private static RowSchema structSchema(RowSchema envelope, int index) {
        return ((FieldType.Struct) envelope.field(index).type()).schema();
    }

    private static TableId table(String text) {
        String[] parts = text.split("\\.");
        return parts.length == 1 ? new TableId("inventory", null, parts[0])
                : new TableId("inventory", parts[parts.length - 2], parts[parts.length - 1]);
    }
}
