package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.RoutedTable;
import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.TableSchemaInspector;
import io.cdctoolkit.engine.spi.TableSchemas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema readings of a command that reads many tables' schemas ({@code topics}): one per source, opened at its
 * first table and told every table of that source the command is going to ask for, so the source reads them together
 * ({@link TableSchemaInspector#schemaReading}: one connection, one schema-only run) rather than one by one.
 */
final class SourceSchemaReadings implements AutoCloseable {

    private final ChainedSchemas chained;
    private final List<RoutedTable> tables;
    private final Map<String, TableSchemaInspector.SchemaReading> readings = new LinkedHashMap<>();

    /** @param tables the tables the command is going to ask for, of every source */
    SourceSchemaReadings(ChainedSchemas chained, List<RoutedTable> tables) {
        this.chained = chained;
        this.tables = List.copyOf(tables);
    }

    /**
     * The schemas {@code source}'s reader gives {@code table}, as {@link ChainedSchemas#readerSchemas}.
     *
     * @throws ConfigException       when the source does not capture the table or its options are invalid
     * @throws ConnectivityException when the source cannot be reached
     * @throws UsageProblem          when the connector cannot tell table schemas
     */
    TableSchemas tableSchemas(SourceDefinition source, TableId table)
            throws ConfigException, ConnectivityException, UsageProblem {
        TableSchemaInspector.SchemaReading reading = readings.get(source.name());
        if (reading == null) {
            reading = chained.schemaReading(source, tables.stream()
                    .filter(t -> t.source().equals(source.name())).map(RoutedTable::table).toList());
            readings.put(source.name(), reading);
        }
        return reading.tableSchemas(table);
    }

    @Override
    public void close() {
        readings.values().forEach(TableSchemaInspector.SchemaReading::close);
        readings.clear();
    }
}
