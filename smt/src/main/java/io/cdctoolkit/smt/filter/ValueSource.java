package io.cdctoolkit.smt.filter;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.data.Row;
import io.cdctoolkit.engine.data.TableId;

/** Where a compiled expression reads a value from: a field path resolved to indexes, or an event name. */
interface ValueSource {

    /** The value for this event, or null (absent row, null field or null on the way down a path). */
    Object get(ChangeEvent event);

    /** A field of a flat row, by indexes (one per path segment). */
    record FlatField(int[] path) implements ValueSource {
        @Override
        public Object get(ChangeEvent event) {
            return walk(event.value(), path);
        }
    }

    /**
     * A field of an envelope's {@code after} row, or of its {@code before} row when there is no
     * {@code after} (deletes). {@code beforePath} is null when the before schema lacks the field.
     */
    record EnvelopeField(int[] afterPath, int[] beforePath) implements ValueSource {
        @Override
        public Object get(ChangeEvent event) {
            Row envelope = event.value();
            if (envelope == null) return null;
            Row after = Envelope.after(envelope);
            if (after != null) return walk(after, afterPath);
            Row before = Envelope.before(envelope);
            return beforePath == null ? null : walk(before, beforePath);
        }
    }

    /** {@code op}, {@code table}, {@code schema} or {@code database} of the event. */
    enum EventName implements ValueSource {
        OP {
            @Override
            Object of(Op op, TableId table) {
                return op.code();
            }
        },
        TABLE {
            @Override
            Object of(Op op, TableId table) {
                return table.table();
            }
        },
        SCHEMA {
            @Override
            Object of(Op op, TableId table) {
                return table.schema();
            }
        },
        DATABASE {
            @Override
            Object of(Op op, TableId table) {
                return table.database();
            }
        };

        @Override
        public Object get(ChangeEvent event) {
            return of(event.op(), event.table());
        }

        /** The name's value for an event of {@code op} on {@code table}. */
        abstract Object of(Op op, TableId table);
    }

    private static Object walk(Row row, int[] path) {
        Row current = row;
        for (int i = 0; ; i++) {
            if (current == null) return null;
            Object value = current.get(path[i]);
            if (i == path.length - 1) return value;
            current = (Row) value;
        }
    }
}
