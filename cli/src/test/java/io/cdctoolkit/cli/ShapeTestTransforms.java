package io.cdctoolkit.cli;

import io.cdctoolkit.engine.data.ChangeEvent;
import io.cdctoolkit.engine.data.Envelope;
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

import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Test-only transforms (registered through this module's test META-INF/services, named {@code test_*}
 * so they never meet the real ones): enough behaviour to run, and their shapes, so the commands that
 * show a table's events without running can be tested before and apart from the real transforms.
 */
public final class ShapeTestTransforms {

    private ShapeTestTransforms() {
    }

    private static ComponentSpec spec(String name, OptionSpec... options) {
        return new ComponentSpec(ComponentKind.TRANSFORM, name, "test transform " + name, List.of(options));
    }

    /** A stage that maps each event and each shape. */
    private record Mapping(String name, UnaryOperator<ChangeEvent> events, ShapeMapping shapes) implements Stage {
        @Override
        public void apply(ChangeEvent event, Consumer<ChangeEvent> out) {
            ChangeEvent mapped = events.apply(event);
            if (mapped != null) out.accept(mapped);
        }

        @Override
        public List<EventShape> outputShapes(EventShape input) throws ConfigException {
            return shapes.apply(input);
        }
    }

    @FunctionalInterface
    private interface ShapeMapping {
        List<EventShape> apply(EventShape input) throws ConfigException;
    }

    /** {@code test_require: {field}}: passes events on; a table whose rows lack the field does not fit (like a cast of it). */
    public static final class Require implements TransformFactory {
        @Override
        public ComponentSpec spec() {
            return ShapeTestTransforms.spec("test_require", OptionSpec.string("field").required().doc("field").build());
        }

        @Override
        public Stage create(Options options, ComponentContext context) {
            String field = options.string("field");
            return new Mapping("test_require", e -> e, input -> {
                if (input.value() == null) return List.of(input);
                RowSchema row = Envelope.isEnvelope(input.value()) ? Envelope.rowSchema(input.value()) : input.value();
                if (row.indexOf(field) < 0) {
                    throw new ConfigException(options.keyPath() + ".field", "test_require does not fit table "
                            + input.table() + ": it has no field '" + field + "'", "name one of its fields");
                }
                return List.of(input);
            });
        }
    }

    /** {@code test_route: {prefix}}: the topic gets a prefix. */
    public static final class Route implements TransformFactory {
        @Override
        public ComponentSpec spec() {
            return ShapeTestTransforms.spec("test_route", OptionSpec.string("prefix").required().doc("prefix").build());
        }

        @Override
        public Stage create(Options options, ComponentContext context) {
            String prefix = options.string("prefix");
            return new Mapping("test_route", e -> e.withTopic(prefix + e.topic()),
                    input -> List.of(input.withTopic(prefix + input.topic())));
        }
    }

    /** {@code test_drop}: drops every event. */
    public static final class Drop implements TransformFactory {
        @Override
        public ComponentSpec spec() {
            return ShapeTestTransforms.spec("test_drop");
        }

        @Override
        public Stage create(Options options, ComponentContext context) {
            return new Mapping("test_drop", e -> null, input -> List.of());
        }
    }

    /** {@code test_unwrap}: the value schema becomes the envelope's row (the shape of extract_new_record_state). */
    public static final class Unwrap implements TransformFactory {
        @Override
        public ComponentSpec spec() {
            return ShapeTestTransforms.spec("test_unwrap");
        }

        @Override
        public Stage create(Options options, ComponentContext context) {
            return new Mapping("test_unwrap", e -> {
                throw new UnsupportedOperationException("test_unwrap only has shapes");
            }, input -> input.value() == null || !Envelope.isEnvelope(input.value()) ? List.of(input)
                    : List.of(input.withValue(Envelope.rowSchema(input.value())), input.withValue(null)));
        }
    }
}
