package io.cdctoolkit.engine.spi;

import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The shape of a table's change events at one point of the stage chain: what {@code check},
 * {@code topics} and {@code schema derive} know without running. A stage maps the shapes it receives
 * to the shapes it emits ({@link Stage#outputShapes}).
 *
 * @param table      the table the events belong to
 * @param topic      the topic they go to (a router may change it)
 * @param key        the key schema, or null when the events have no key
 * @param value      the value schema, or null for tombstones (a Kafka record with a null value)
 * @param operations the operations the events can have: a table's changes ({@link #TABLE_CHANGES}), or those of a
 *                   source's events that are no table's changes (transaction BEGIN/END, logical decoding messages)
 */
public record EventShape(TableId table, String topic, RowSchema key, RowSchema value, Set<Op> operations) {

    /** The operations of a table's change events. */
    public static final Set<Op> TABLE_CHANGES =
            Set.copyOf(EnumSet.of(Op.CREATE, Op.READ, Op.UPDATE, Op.DELETE, Op.TRUNCATE));

    public EventShape {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(topic, "topic");
        operations = Set.copyOf(Objects.requireNonNull(operations, "operations"));
        if (operations.isEmpty()) throw new IllegalArgumentException("an event shape needs an operation");
    }

    /** The shape of a table's change events. */
    public EventShape(TableId table, String topic, RowSchema key, RowSchema value) {
        this(table, topic, key, value, TABLE_CHANGES);
    }

    /** The shape of {@code schemas}' events as the reader emits them. */
    public static EventShape of(TableSchemas schemas) {
        return new EventShape(schemas.table(), schemas.topic(), schemas.key(), schemas.value());
    }

    /** True for tombstones. */
    public boolean isTombstone() {
        return value == null;
    }

    public EventShape withTopic(String newTopic) {
        return new EventShape(table, newTopic, key, value, operations);
    }

    public EventShape withKey(RowSchema newKey) {
        return new EventShape(table, topic, newKey, value, operations);
    }

    public EventShape withValue(RowSchema newValue) {
        return new EventShape(table, topic, key, newValue, operations);
    }

    /**
     * {@code shapes} with those that differ in their operations alone made one, with every operation of them, in the
     * order they first come: a predicate's two ways that end alike (a transform that changed nothing the shape shows)
     * are one kind of record.
     */
    public static List<EventShape> merged(Collection<EventShape> shapes) {
        Map<List<Object>, EventShape> byRecord = new LinkedHashMap<>();
        for (EventShape shape : shapes) {
            byRecord.merge(Arrays.asList(shape.table, shape.topic, shape.key, shape.value), shape, (a, b) -> {
                Set<Op> both = EnumSet.copyOf(a.operations);
                both.addAll(b.operations);
                return a.withOperations(both);
            });
        }
        return List.copyOf(byRecord.values());
    }

    /** This shape for only the events of {@code newOperations} (not empty). */
    public EventShape withOperations(Set<Op> newOperations) {
        return new EventShape(table, topic, key, value, newOperations);
    }
}
