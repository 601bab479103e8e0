package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.routing.TopicRoutedSource;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.SourceFactory;
import io.cdctoolkit.engine.spi.TableSchemaInspector;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A table a command's {@code --table} names, as the source names its tables: {@code schema.table} or
 * {@code database.schema.table} (PostgreSQL), {@code database.table} or {@code table} (MySQL/MariaDB); a source whose
 * options fix its tables (datagen) takes {@code namespace.stream_name} or {@code stream_name}.
 */
final class NamedTables {

    private NamedTables() {
    }

    /**
     * @param option the command's option, as errors name it ({@code --table})
     * @throws UsageProblem when the name is not one the source could capture
     */
    static TableId parse(CliEnvironment env, SourceDefinition source, String name, String option)
            throws UsageProblem, ConfigException {
        SourceFactory factory = env.catalog().source(source.connector()).orElseThrow(
                () -> new UsageProblem("source '" + source.name() + "': no connector named " + source.connector()));
        Options options = Options.of(source.configKeyPath(), factory.spec().options(), source.config());
        if (!(factory instanceof TopicRoutedSource routing)) {
            return generatedTable(source, factory, options, name.trim(), option);
        }
        try {
            return routing.parseTable(name.trim(), options);
        } catch (IllegalArgumentException e) {
            throw new UsageProblem(option + " " + name + ": " + e.getMessage());
        }
    }

    /**
     * A table of a source whose options fix its tables (datagen: {@code <namespace>.<stream_name>}, no schema level):
     * the full name, or the table part alone; a name it does not generate is a usage error naming those it does.
     */
    private static TableId generatedTable(SourceDefinition source, SourceFactory factory, Options options, String name,
                                          String option) throws UsageProblem, ConfigException {
        List<TableId> fixed = factory instanceof TableSchemaInspector inspector ? inspector.fixedTables(options)
                : List.of();
        String[] parts = name.split("\\.", -1);
        List<TableId> named = fixed.stream()
                .filter(t -> parts.length == 1 ? t.table().equals(name) : t.toString().equals(name)).toList();
        if (named.size() == 1) return named.get(0);
        if (fixed.isEmpty() && parts.length == 2) return new TableId(parts[0], null, parts[1]);
        String generates = fixed.stream().map(TableId::toString).collect(Collectors.joining(", "));
        throw new UsageProblem(option + " " + name + ": " + (fixed.isEmpty() ? "expected namespace.table"
                : "source '" + source.name() + "' generates only " + generates));
    }
}
