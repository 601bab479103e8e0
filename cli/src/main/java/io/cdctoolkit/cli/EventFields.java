package io.cdctoolkit.cli;

import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.RowSchema;

import java.util.ArrayList;
import java.util.List;

/** Field names of event schemas, as {@code check}'s key reviews compare them. */
final class EventFields {

    private EventFields() {
    }

    /** The field names of {@code schema} in order; none for a null schema (no key, a tombstone's value). */
    static List<String> of(RowSchema schema) {
        List<String> names = new ArrayList<>();
        if (schema != null) for (Field f : schema.fields()) names.add(f.name());
        return names;
    }

    /** The table's columns in a reader's value schema: the row inside a change envelope, else the value itself. */
    static List<String> columns(RowSchema value) {
        return of(Envelope.isEnvelope(value) ? Envelope.rowSchema(value) : value);
    }

    /** How records keyed by {@code fields} are said to be keyed in check's messages: {@code by (a, b)}. */
    static String keyedBy(List<String> fields) {
        return fields.isEmpty() ? "by nothing (no key)" : "by (" + String.join(", ", fields) + ")";
    }
}
