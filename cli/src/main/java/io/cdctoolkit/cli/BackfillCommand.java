package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.TableBackfills;
import io.cdctoolkit.engine.state.StateInUseException;
import io.cdctoolkit.engine.state.StateLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code backfill}: asks a source to read some captured tables' rows again (op r), then stream on — without a snapshot
 * of every table: a stopped source at its next start (the request recorded under the source's state lock), a running
 * one at once (the request left for it, as the lock is the run's).
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Ask a source to read the rows of some captured tables again (op r events marked snapshot:"
                + " incremental), then stream as before: a running source at once, between the transactions of its"
                + " stream, which goes on (a row whose key it changes meanwhile is left out); a stopped one at its next"
                + " start, before it streams, their changes since the last committed position after the rows."
                + " postgres-cdc with engine: native (the default). mysql-cdc, mariadb-cdc and postgres-cdc with engine:"
                + " debezium: Debezium's blocking snapshot (the stream pauses for the rows, which are marked as a"
                + " snapshot's), at once or at the next start.",
                "Exit 0 recorded, 2 usage or config (a table the source does not capture), 3"
                        + " database or offsets store unreachable."})
final class BackfillCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Mixin
    ConfigOption config;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.Option(names = "--source", paramLabel = "NAME",
            description = "The source (needed when the config has several).")
    String sourceName;

    @CommandLine.Option(names = {"--tables", "--table"}, required = true, split = ",", paramLabel = "TABLE",
            description = "The tables to read again, as include_tables names them (schema.table, or database.table for"
                    + " MySQL and MariaDB; a plain name gets the source's schema or database).")
    List<String> tables;

    @CommandLine.Option(names = "--where", paramLabel = "SQL",
            description = "Read only the rows this SQL condition over the tables' columns selects (e.g. \"created_at >="
                    + " '2026-12-01'\"); run as the source's user. Every row by default.")
    String where;

    @Override
    public Integer call() throws IOException {
        logging.apply();
        CliEnvironment env = parent.environment();
        SelectedSource selected = SelectedSource.load(env, config, sourceName);
        if (selected == null) return ExitCodes.CONFIG_ERROR;
        SourceDefinition source = selected.source();
        if (!(selected.factory() instanceof TableBackfills backfills)) {
            env.err().println("error: " + source.connector() + " source '" + source.name() + "' cannot read tables again"
                    + " on request (postgres-cdc, mysql-cdc and mariadb-cdc can; for sqlserver-cdc,"
                    + " Debezium's own way is a snapshot signal through a signal table, set up in its debezium: block)");
            return ExitCodes.CONFIG_ERROR;
        }
        Path stateDir = selected.config().sourceStateDir(source.name());
        try {
            env.out().println(request(backfills, selected, stateDir));
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        } catch (ConfigException | ConnectivityException e) {
            return config.reportFailure(env, e);
        }
    }

    /**
     * Under the state lock, as a run takes it, so that no start meanwhile overwrites the recorded request with its own
     * offsets; when a run holds the lock, the request is left for that run.
     */
    private String request(TableBackfills backfills, SelectedSource selected, Path stateDir)
            throws IOException, ConfigException, ConnectivityException {
        String owner = "source '" + selected.source().name() + "'";
        StateLock lock;
        try {
            lock = StateLock.acquire(stateDir, owner);
        } catch (StateInUseException running) {
            return backfills.requestBackfill(selected.options(), selected.context(stateDir), tables, where, true);
        }
        try (lock) {
            return backfills.requestBackfill(selected.options(), selected.context(stateDir), tables, where, false);
        }
    }
}
