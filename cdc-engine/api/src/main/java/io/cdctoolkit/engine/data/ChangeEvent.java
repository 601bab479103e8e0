package io.cdctoolkit.engine.data;

import java.time.Instant;
import java.util.Objects;

/**
 * One change captured from a table, as it flows through the stages to the sink.
 *
 * <p>The value starts as a Debezium envelope row ({@code before, after, source, op, ts_ms}, see
 * {@link Envelope}); {@code extract_new_record_state} may turn it into the flat {@code after} row.
 * A {@code null} value is a tombstone.
 *
 * @param table           the table the change belongs to
 * @param op              the kind of change
 * @param key             primary-key row, or null for tables without a key
 * @param value           envelope or flat row, or null for a tombstone
 * @param headers         extra headers for the sink record, in Kafka's model (ordered, repeatable, bytes)
 * @param topic           destination topic, assigned by the reader's topic resolver
 * @param position        source position, handed back to the reader once acknowledged; may be null
 *                        for events the pipeline derived (tombstones share their delete's position)
 * @param sourceTimestamp when the change happened in the source, or null
 * @param transaction     source transaction id, or null
 * @param unreadable      set when the reader could not convert the source record: the event then has
 *                        no value and goes straight to {@code on_error}; null for every normal event
 */
public record ChangeEvent(
        TableId table,
        Op op,
        Row key,
        Row value,
        Headers headers,
        String topic,
        SourcePosition position,
        Instant sourceTimestamp,
        String transaction,
        Unreadable unreadable) {

    public ChangeEvent {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(topic, "topic");
        if (headers == null) headers = Headers.EMPTY;
    }

    /** Starts an event for the given table, op and topic. */
    public static Builder builder(TableId table, Op op, String topic) {
        return new Builder(table, op, topic);
    }

    /** True when the value is null (a Kafka tombstone) and the event is not {@link #isUnreadable() unreadable}. */
    public boolean isTombstone() {
        return value == null && unreadable == null;
    }

    /** True when the reader could not convert the source record (see {@link Unreadable}). */
    public boolean isUnreadable() {
        return unreadable != null;
    }

    public ChangeEvent withTopic(String newTopic) {
        return new ChangeEvent(table, op, key, value, headers, newTopic, position, sourceTimestamp, transaction, unreadable);
    }

    public ChangeEvent withKey(Row newKey) {
        return new ChangeEvent(table, op, newKey, value, headers, topic, position, sourceTimestamp, transaction, unreadable);
    }

    public ChangeEvent withValue(Row newValue) {
        return new ChangeEvent(table, op, key, newValue, headers, topic, position, sourceTimestamp, transaction, unreadable);
    }

    /** This event with one header appended (UTF-8 value; headers repeat, as in Kafka). */
    public ChangeEvent withHeader(String name, String headerValue) {
        return withHeaders(headers.with(name, headerValue));
    }

    /** This event with these headers instead of its own. */
    public ChangeEvent withHeaders(Headers newHeaders) {
        return new ChangeEvent(table, op, key, value, newHeaders, topic, position, sourceTimestamp, transaction,
                unreadable);
    }

    /** Builds a {@link ChangeEvent}. */
    public static final class Builder {
        private final TableId table;
        private final Op op;
        private final String topic;
        private Row key;
        private Row value;
        private Headers headers = Headers.EMPTY;
        private SourcePosition position;
        private Instant sourceTimestamp;
        private String transaction;
        private Unreadable unreadable;

        private Builder(TableId table, Op op, String topic) {
            this.table = table;
            this.op = op;
            this.topic = topic;
        }

        public Builder key(Row k) {
            this.key = k;
            return this;
        }

        public Builder value(Row v) {
            this.value = v;
            return this;
        }

        public Builder headers(Headers h) {
            this.headers = h;
            return this;
        }

        public Builder position(SourcePosition p) {
            this.position = p;
            return this;
        }

        public Builder sourceTimestamp(Instant ts) {
            this.sourceTimestamp = ts;
            return this;
        }

        public Builder transaction(String tx) {
            this.transaction = tx;
            return this;
        }

        /** Marks the event as one the reader could not convert (it must then have no value). */
        public Builder unreadable(Unreadable why) {
            this.unreadable = why;
            return this;
        }

        public ChangeEvent build() {
            return new ChangeEvent(table, op, key, value, headers, topic, position, sourceTimestamp, transaction, unreadable);
        }
    }
}
