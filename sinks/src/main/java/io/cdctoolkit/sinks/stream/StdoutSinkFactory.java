package io.cdctoolkit.sinks.stream;

import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkFactory;

import java.util.List;

/**
 * The {@code stdout} sink: one JSON line per record, {@code {"topic","key","value","headers"}}, on
 * standard output (docs/sinks.md). For debugging and piping into other tools.
 */
public final class StdoutSinkFactory implements SinkFactory {

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.SINK, "stdout",
            "Prints each record as a JSON line {\"topic\",\"key\",\"value\",\"headers\"} on standard output; "
                    + "JSON keys/values are embedded as JSON, binary ones as base64 strings.",
            List.of(OptionSpec.bool("pretty").defaultValue(false)
                    .doc("Indent each record over several lines (readable, but no longer one record per line)")
                    .example(true).build()));

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public Sink create(Options options, ComponentContext context) {
        return new StdoutSink(System.out, options.bool("pretty"));
    }
}
