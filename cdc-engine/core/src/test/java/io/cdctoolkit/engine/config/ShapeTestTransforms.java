package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Field;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TransformFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Transforms that only have shapes (what {@link TransformChain#shapes} follows): they are never run.
 * Each acts on the top-level fields of a flat value.
 */
final class ShapeTestTransforms {

    /** How many stages the factories created and how many were closed. */
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    List<TransformFactory> all() {
        return List.of(new Rename(), new Route(), new Drop(), new WithTombstone(), new Broken(), new Picky());
    }

    /** A shape-only stage; counts closes. */
    private abstract class ShapeStage implements Stage {
        ShapeStage() {
            created.incrementAndGet();
        }

        @Override
        public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
            throw new UnsupportedOperationException("shape tests never run events");
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private static ComponentSpec spec(String name, OptionSpec... options) {
        return new ComponentSpec(ComponentKind.TRANSFORM, name, "test " + name, List.of(options));
    }

    /** {@code rename: {from, to}}: renames a value field; a table without it does not fit. */
    final class Rename implements TransformFactory {
        @Override
        public ComponentSpec spec() {
            return ShapeTestTransforms.spec("rename", OptionSpec.string("from").required().build(),
                    OptionSpec.string("to").required().build());
        }

        @Override
        public Stage create(Options options, ComponentContext context) {
            String from = options.string("from");
            String to = options.string("to");
            return new ShapeStage() {
                @Override
                public String name() {
                    return "rename";
                }

                @Override
                public List<EventShape> outputShapes(EventShape input) throws ConfigException {
                    if (input.value() == null) return List.of(input);
                    int index = input.value().indexOf(from);
                    if (index < 0) {
                        throw new ConfigException(options.keyPath() + ".from", "the value has no field '" + from + "'",
                                "name one of its fields");
                    }
                    List<Field> fields = new ArrayList<>(input.value().fields());
                    fields.set(index, fields.get(index).withName(to));
                    return List.of(input.withValue(RowSchema.of(input.value().name(), fields)));
                }
            };
        }
    }

    /** {@code route: {prefix}}: the topic gets a prefix. */
    final class Route implements TransformFactory {
        @Override
        public ComponentSpec spec() {
            return ShapeTestTransforms.spec("route", OptionSpec.string("prefix").required().build());
        }

        @Override
        public Stage create(Options options, ComponentContext context) {
            String prefix = options.string("prefix");
            return new ShapeStage() {
                @Override
                public String name() {
                    return "route";
                }

                @Override
                public List<EventShape> outputShapes(EventShape input) {
                    return List.of(input.withTopic(prefix + input.topic()));
                }
            };
        }
    }

    /** {@code drop}: drops every event. */
    final class Drop implements TransformFactory {
        @Override
        public ComponentSpec spec() {
            return ShapeTestTransforms.spec("drop");
        }

        @Override
        public Stage create(Options options, ComponentContext context) {
            return new ShapeStage() {
                @Override
                public String name() {
                    return "drop";
                }

                @Override
                public List<EventShape> outputShapes(EventShape input) {
                    return List.of();
                }
            };
        }
    }

    /** {@code with_tombstone}: emits the event and a tombstone after it (two shapes). */
    final class WithTombstone implements TransformFactory {
        @Override
        public ComponentSpec spec() {
            return ShapeTestTransforms.spec("with_tombstone");
        }

        @Override
        public Stage create(Options options, ComponentContext context) {
            return new ShapeStage() {
                @Override
                public String name() {
                    return "with_tombstone";
                }

                @Override
                public List<EventShape> outputShapes(EventShape input) {
                    return List.of(input, input.withValue(null));
                }
            };
        }
    }

    /** {@code broken}: a transform whose shape computation has a bug. */
    final class Broken implements TransformFactory {
        @Override
        public ComponentSpec spec() {
            return ShapeTestTransforms.spec("broken");
        }

        @Override
        public Stage create(Options options, ComponentContext context) {
            return new ShapeStage() {
                @Override
                public String name() {
                    return "broken";
                }

                @Override
                public List<EventShape> outputShapes(EventShape input) {
                    throw new IllegalStateException("bug");
                }
            };
        }
    }

    /** {@code picky: {level}}: rejects a level below 0 when created (a config error without a schema). */
    final class Picky implements TransformFactory {
        @Override
        public ComponentSpec spec() {
            return ShapeTestTransforms.spec("picky", OptionSpec.integer("level").defaultValue(0).build());
        }

        @Override
        public Stage create(Options options, ComponentContext context) throws ConfigException {
            if (options.integer("level") < 0) {
                throw new ConfigException(options.keyPath() + ".level", "must not be negative", null);
            }
            return new ShapeStage() {
                @Override
                public String name() {
                    return "picky";
                }
            };
        }
    }
}
