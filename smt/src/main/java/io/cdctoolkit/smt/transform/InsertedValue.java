package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.FieldType;

/** Where the value of a field {@code insert_field} adds comes from, and its type. */
sealed interface InsertedValue {

    /** The inserted field's type. */
    FieldType type();

    /** The value for {@code event}, or null when the event has none. */
    Object of(ChangeEvent event);

    /** What the value is, for messages ("the topic"). */
    String what();

    /** The event's topic at this point of the chain (Kafka {@code topic.field}). */
    record Topic() implements InsertedValue {
        @Override
        public FieldType type() {
            return FieldType.STRING;
        }

        @Override
        public Object of(ChangeEvent event) {
            return event.topic();
        }

        @Override
        public String what() {
            return "topic";
        }
    }

    /**
     * Kafka {@code partition.field}: the partition is chosen by the producer after the transforms ran,
     * so it is never known here (as for Connect source records, whose partition is usually unset).
     */
    record Partition() implements InsertedValue {
        @Override
        public FieldType type() {
            return FieldType.INT32;
        }

        @Override
        public Object of(ChangeEvent event) {
            return null;
        }

        @Override
        public String what() {
            return "Kafka partition";
        }
    }

    /**
     * Kafka {@code offset.field}: there is no Kafka offset before the record is produced, so this is the
     * event's source position as text ({@code lsn=2345,txId=12}), not Kafka's int64.
     */
    record Offset() implements InsertedValue {
        @Override
        public FieldType type() {
            return FieldType.STRING;
        }

        @Override
        public Object of(ChangeEvent event) {
            return event.position() == null ? null : event.position().describe();
        }

        @Override
        public String what() {
            return "source position";
        }
    }

    /** Kafka {@code timestamp.field}: when the change happened in the source. */
    record Timestamp() implements InsertedValue {
        @Override
        public FieldType type() {
            return FieldType.TIMESTAMP_TZ;
        }

        @Override
        public Object of(ChangeEvent event) {
            return event.sourceTimestamp();
        }

        @Override
        public String what() {
            return "source timestamp";
        }
    }

    /** Kafka {@code static.field} / {@code static.value}, rivven {@code static_fields}: a fixed string. */
    record Static(String value) implements InsertedValue {
        @Override
        public FieldType type() {
            return FieldType.STRING;
        }

        @Override
        public Object of(ChangeEvent event) {
            return value;
        }

        @Override
        public String what() {
            return "static value";
        }
    }
}
