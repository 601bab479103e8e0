package io.cdctoolkit.cli;

import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.EventShape;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A table whose records of the same operations, as the transforms leave them, go to one topic keyed two ways, for
 * {@code check}: which key a record gets then depends on the event itself — a transform that builds the key under a
 * predicate on a field's value ({@code field_value}) or a header — so a row's records may land on different keys
 * (often different partitions: consumers see them out of order, and log compaction keeps both). A key that differs by
 * operation is {@link DeleteKeyMismatch}'s; tombstones are {@link TombstoneKeyMismatch}'s.
 *
 * <p>Shapes do not say which events took which branch: a router under the same predicate, which would send the
 * records keyed otherwise to a topic of their own, still leaves both keys on both topics here (a false warning).
 *
 * @param table      the table
 * @param topic      the topic both go to
 * @param operations the operations whose records are keyed both ways
 * @param one        the key fields of one shape (empty: no key)
 * @param other      the key fields of the other
 */
record EventKeyMismatch(TableId table, String topic, Set<Op> operations, List<String> one, List<String> other) {

    EventKeyMismatch {
        operations = Set.copyOf(operations);
        one = List.copyOf(one);
        other = List.copyOf(other);
    }

    /** The mismatch among {@code table}'s shapes after the transforms, if there is one. */
    static Optional<EventKeyMismatch> of(TableId table, List<EventShape> outputs) {
        for (int i = 0; i < outputs.size(); i++) {
            EventShape a = outputs.get(i);
            if (a.isTombstone()) continue;
            for (int j = i + 1; j < outputs.size(); j++) {
                EventShape b = outputs.get(j);
                if (b.isTombstone() || !b.topic().equals(a.topic())) continue;
                Set<Op> both = EnumSet.noneOf(Op.class);
                both.addAll(a.operations());
                both.retainAll(b.operations());
                List<String> aKey = EventFields.of(a.key());
                List<String> bKey = EventFields.of(b.key());
                if (!both.isEmpty() && !aKey.equals(bKey)) {
                    return Optional.of(new EventKeyMismatch(table, a.topic(), both, aKey, bKey));
                }
            }
        }
        return Optional.empty();
    }

    String message() {
        String ops = operations.stream().sorted().map(Op::code).collect(Collectors.joining(", "));
        return "table " + table + ": its records of the same operations (" + ops + ") are keyed two ways, "
                + EventFields.keyedBy(one) + " and " + EventFields.keyedBy(other) + " (topic " + topic + "): the key"
                + " depends on each event (a predicate on a field's value or a header decides whether the key is"
                + " built), so a row's records may land on different keys and partitions, out of order for consumers";
    }

    String fix() {
        return "build the key alike for every record of a table: without a predicate, or under one on tables,"
                + " schemas or operations, which decides per table or operation";
    }
}
