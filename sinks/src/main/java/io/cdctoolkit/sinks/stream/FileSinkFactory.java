package io.cdctoolkit.sinks.stream;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ComponentKind;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Sink;
import io.cdctoolkit.engine.spi.SinkFactory;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code file} sink: the stdout sink's JSON lines, appended to {@code path} (docs/sinks.md); a
 * record is acknowledged once its line is flushed.
 */
public final class FileSinkFactory implements SinkFactory {

    private static final ComponentSpec SPEC = new ComponentSpec(ComponentKind.SINK, "file",
            "Appends each record as a JSON line {\"topic\",\"key\",\"value\",\"headers\"} to a file, "
                    + "flushed before the record is acknowledged.",
            List.of(OptionSpec.string("path").required()
                    .doc("File to append to; it and its parent directories are created when missing")
                    .example("./out/events.jsonl").build()));

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    @Override
    public Sink create(Options options, ComponentContext context) throws ConfigException {
        String path = options.string("path");
        if (path.isBlank()) {
            throw new ConfigException(options.keyPath() + ".path", "must not be blank", "e.g. path: ./out/events.jsonl");
        }
        try {
            return new FileSink(Path.of(path));
        } catch (InvalidPathException e) {
            throw new ConfigException(options.keyPath() + ".path", "'" + path + "' is not a valid path: "
                    + e.getReason(), "use a file path such as ./out/events.jsonl");
        }
    }
}
