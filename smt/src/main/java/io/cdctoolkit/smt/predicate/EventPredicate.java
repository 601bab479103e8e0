package io.cdctoolkit.smt.predicate;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.FieldType;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.SchemaCache;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.smt.field.FieldPath;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A transform's {@code predicate:} compiled: every given key must hold (AND), entries of a list are
 * alternatives (OR), {@code negate} inverts the whole. Table-level keys are decided once per table,
 * field keys once per schema; per event only cheap checks remain.
 */
public final class EventPredicate {

    /** What can be known of a predicate from an {@link EventShape} alone. */
    public enum Decision { ALWAYS, NEVER, DEPENDS_ON_EVENT }

    private final List<Pattern> tables;
    private final List<Pattern> schemas;
    private final List<Pattern> databases;
    private final EnumSet<Op> operations;
    private final List<String> fieldExists;
    private final FieldValue fieldValue;
    private final Pattern topic;
    private final Boolean tombstone;
    private final String header;
    private final boolean negate;
    private final Map<TableId, Boolean> tableMatches = new ConcurrentHashMap<>();
    private final SchemaCache<FieldChecks> fieldChecks = SchemaCache.create();
    private volatile TopicMatch lastTopic;

    private EventPredicate(Builder b) {
        this.tables = b.tables;
        this.schemas = b.schemas;
        this.databases = b.databases;
        this.operations = b.operations;
        this.fieldExists = b.fieldExists;
        this.fieldValue = b.fieldValue;
        this.topic = b.topic;
        this.tombstone = b.tombstone;
        this.header = b.header;
        this.negate = b.negate;
    }

    /**
     * Compiles predicate options (validated against {@code TransformFactory.PREDICATE_OPTIONS}).
     *
     * @throws ConfigException for a regex that does not compile or an unknown operation, at its key path
     */
    public static EventPredicate compile(Options options) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        Builder b = new Builder();
        b.tables = patterns(options, "tables", problems);
        b.schemas = patterns(options, "schemas", problems);
        b.databases = patterns(options, "databases", problems);
        if (options.has("operations")) {
            b.operations = EnumSet.noneOf(Op.class);
            List<String> ops = options.stringList("operations");
            for (int i = 0; i < ops.size(); i++) {
                try {
                    b.operations.add(Op.parse(ops.get(i)));
                } catch (IllegalArgumentException e) {
                    problems.add(new ConfigProblem(options.keyPath() + ".operations[" + i + "]", e.getMessage(), null));
                }
            }
        }
        b.fieldExists = options.stringList("field_exists");
        if (options.has("field_value")) {
            Map<String, Object> fv = options.map("field_value");
            Object value = fv.get("value");
            b.fieldValue = new FieldValue(String.valueOf(fv.get("field")),
                    value == null ? null : ValueText.expected(value.toString()));
        }
        if (options.has("topic_matches")) {
            b.topic = pattern(options.keyPath() + ".topic_matches", options.string("topic_matches"), problems);
        }
        if (options.has("is_tombstone")) b.tombstone = options.bool("is_tombstone");
        b.header = options.optionalString("has_header").orElse(null);
        b.negate = options.bool("negate");
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new EventPredicate(b);
    }

    /** Whether the transform applies to {@code event}. */
    public boolean test(ChangeEvent event) {
        return negate != matches(event);
    }

    /** What the predicate says of every event of {@code shape}, when that is known without the event. */
    public Decision decide(EventShape shape) {
        Decision d = decideUnnegated(shape);
        if (!negate || d == Decision.DEPENDS_ON_EVENT) return d;
        return d == Decision.ALWAYS ? Decision.NEVER : Decision.ALWAYS;
    }

    private Decision decideUnnegated(EventShape shape) {
        if (!tableMatches(shape.table())) return Decision.NEVER;
        if (topic != null && !topic.matcher(shape.topic()).matches()) return Decision.NEVER;
        if (tombstone != null && tombstone != shape.isTombstone()) return Decision.NEVER;
        // A shape says which operations its events can have: a predicate that lists none of them (one on table changes,
        // met by transaction BEGIN/END events) never applies, one that lists all of them always does.
        if (operations != null && Collections.disjoint(operations, shape.operations())) return Decision.NEVER;
        if (!fieldExists.isEmpty() || fieldValue != null) {
            if (shape.value() == null) return Decision.NEVER;
            FieldChecks checks = fieldChecks.get(shape.value(), this::compileChecks);
            if (!checks.anyExists()) return Decision.NEVER;
            if (fieldValue != null && !checks.hasValuePath()) return Decision.NEVER;
        }
        boolean perEvent = (operations != null && !operations.containsAll(shape.operations())) || header != null
                || fieldValue != null;
        return perEvent ? Decision.DEPENDS_ON_EVENT : Decision.ALWAYS;
    }

    private boolean matches(ChangeEvent event) {
        if (operations != null && !operations.contains(event.op())) return false;
        if (tombstone != null && tombstone != event.isTombstone()) return false;
        if (header != null && !event.headers().contains(header)) return false;
        if (!tableMatches(event.table())) return false;
        if (topic != null && !topicMatches(event.topic())) return false;
        if (fieldExists.isEmpty() && fieldValue == null) return true;
        Row value = event.value();
        if (value == null) return false;
        FieldChecks checks = fieldChecks.get(value.schema(), this::compileChecks);
        if (!checks.anyExists()) return false;
        return fieldValue == null || checks.valueMatches(value, fieldValue.expected());
    }

    private boolean tableMatches(TableId table) {
        if (tables.isEmpty() && schemas.isEmpty() && databases.isEmpty()) return true;
        return tableMatches.computeIfAbsent(table, this::matchTable);
    }

    private boolean matchTable(TableId table) {
        String qualified = table.schema() != null ? table.schema() + "." + table.table()
                : table.database() != null ? table.database() + "." + table.table() : table.table();
        return anyFinds(tables, qualified) && anyFinds(schemas, table.schema()) && anyFinds(databases, table.database());
    }

    private static boolean anyFinds(List<Pattern> patterns, String text) {
        if (patterns.isEmpty()) return true;
        if (text == null) return false;
        for (Pattern p : patterns) {
            if (p.matcher(text).find()) return true;
        }
        return false;
    }

    /** The topic of the previous event is usually the topic of this one: one regex run per topic change. */
    private boolean topicMatches(String eventTopic) {
        TopicMatch last = lastTopic;
        if (last != null && last.topic().equals(eventTopic)) return last.matches();
        boolean matches = topic.matcher(eventTopic).matches();
        lastTopic = new TopicMatch(eventTopic, matches);
        return matches;
    }

    private FieldChecks compileChecks(RowSchema valueSchema) {
        boolean envelope = Envelope.isEnvelope(valueSchema);
        RowSchema main = envelope ? schemaOf(valueSchema, Envelope.AFTER_INDEX) : valueSchema;
        RowSchema before = envelope ? schemaOf(valueSchema, Envelope.BEFORE_INDEX) : null;
        boolean exists = fieldExists.isEmpty();
        for (String name : fieldExists) {
            if (FieldPath.resolve(main, name) != null) exists = true;
        }
        FieldPath mainPath = fieldValue == null ? null : FieldPath.resolve(main, fieldValue.field());
        FieldPath beforePath = fieldValue == null || before == null ? null : FieldPath.resolve(before, fieldValue.field());
        return new FieldChecks(exists, envelope, mainPath, beforePath);
    }

    private static RowSchema schemaOf(RowSchema envelope, int index) {
        return ((FieldType.Struct) envelope.field(index).type()).schema();
    }

    private static List<Pattern> patterns(Options options, String name, List<ConfigProblem> problems) {
        List<String> texts = options.stringList(name);
        List<Pattern> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Pattern p = pattern(options.keyPath() + "." + name + "[" + i + "]", texts.get(i), problems);
            if (p != null) out.add(p);
        }
        return List.copyOf(out);
    }

    private static Pattern pattern(String keyPath, String regex, List<ConfigProblem> problems) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(new ConfigProblem(keyPath, "not a valid regex: " + e.getDescription() + " at index "
                    + e.getIndex(), "escape special characters with \\\\"));
            return null;
        }
    }

    /** {@code field_value}: the field's value must equal {@code expected} (null = the value is null). */
    private record FieldValue(String field, ValueText expected) {
    }

    private record TopicMatch(String topic, boolean matches) {
    }

    /**
     * The field keys compiled for one value schema. On an envelope the value is read from {@code after},
     * or from {@code before} when there is no {@code after} (deletes), as the filter language does.
     *
     * @param main   the field_value path in the flat row or in {@code after}, or null
     * @param before the field_value path in {@code before}, or null
     */
    private record FieldChecks(boolean anyExists, boolean envelope, FieldPath main, FieldPath before) {

        boolean hasValuePath() {
            return main != null || before != null;
        }

        boolean valueMatches(Row value, ValueText expected) {
            Object actual;
            if (envelope) {
                Row afterRow = Envelope.after(value);
                Row row = afterRow != null ? afterRow : Envelope.before(value);
                FieldPath path = afterRow != null ? main : before;
                if (row == null || path == null) return false;
                actual = path.get(row);
            } else {
                if (main == null) return false;
                actual = main.get(value);
            }
            return expected == null ? actual == null : actual != null && expected.matches(actual);
        }
    }

    private static final class Builder {
        List<Pattern> tables = List.of();
        List<Pattern> schemas = List.of();
        List<Pattern> databases = List.of();
        EnumSet<Op> operations;
        List<String> fieldExists = List.of();
        FieldValue fieldValue;
        Pattern topic;
        Boolean tombstone;
        String header;
        boolean negate;
    }
}
