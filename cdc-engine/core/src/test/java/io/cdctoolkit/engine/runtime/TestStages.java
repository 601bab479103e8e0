package io.cdctoolkit.engine.runtime;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Op;
import io.cdctoolkit.engine.spi.InvalidDataException;
import io.cdctoolkit.engine.spi.Stage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Small stages for runtime tests. */
final class TestStages {

    private TestStages() {
    }

    /** Drops the events {@code drops} matches. */
    static Stage dropping(String name, Predicate<ChangeEvent> drops) {
        return new Simple(name) {
            @Override
            public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
                if (!drops.test(event)) out.accept(event);
            }
        };
    }

    /** Passes deletes on followed by a tombstone (null value), like the tombstone stage. */
    static Stage tombstones(String name) {
        return new Simple(name) {
            @Override
            public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
                out.accept(event);
                if (event.op() == Op.DELETE && !event.isTombstone()) out.accept(event.withValue(null));
            }
        };
    }

    /** Adds a header, to show events pass the stages in order. */
    static Stage header(String name, String header, String value) {
        return new Simple(name) {
            @Override
            public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
                out.accept(event.withHeader(header, value));
            }
        };
    }

    /** Rejects the events {@code rejects} matches with an InvalidDataException blaming {@code field}. */
    static Stage rejecting(String name, Predicate<ChangeEvent> rejects, String field) {
        return new Simple(name) {
            @Override
            public void apply(ChangeEvent event, Consumer<ChangeEvent> out) throws InvalidDataException {
                if (rejects.test(event)) {
                    throw new InvalidDataException(name, event.table(), field, "cannot cast 'abc' to int64");
                }
                out.accept(event);
            }
        };
    }

    /** Throws an IllegalStateException (a bug, not bad data) for the events {@code breaks} matches. */
    static Stage throwing(String name, Predicate<ChangeEvent> breaks) {
        return new Simple(name) {
            @Override
            public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
                if (breaks.test(event)) throw new IllegalStateException("boom");
                out.accept(event);
            }
        };
    }

    /** Passes events on and records the ones acknowledged, and whether it was closed. */
    static final class Recording extends Simple {
        final List<ChangeEvent> acknowledged = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        Recording(String name) {
            super(name);
        }

        @Override
        public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
            out.accept(event);
        }

        @Override
        public void onAcknowledged(ChangeEvent event) {
            acknowledged.add(event);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private abstract static class Simple implements Stage {
        private final String name;

        Simple(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }
    }
}
