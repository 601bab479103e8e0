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
 * {@code backfill}: asks a stopped source's next start to read some captured tables' rows again (op r), then stream
 * on — without a snapshot of every table. Holds the source's state lock while it records the request, so it refuses
 * while the source runs.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Ask a stopped source's next start to read the rows of some captured tables again (op r events"
                + " marked snapshot: incremental), then stream as before: their changes since the last committed"
                + " position follow the rows. postgres-cdc with engine: native.",
                "Exit 0 recorded, 2 usage or config (a table the source does not capture, the source running), 3"
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

    @CommandLine.Option(names = "--tables", required = true, split = ",", paramLabel = "TABLE",
            description = "The tables to read again, as include_tables names them (schema.table; a plain name gets the"
                    + " source's schema).")
    List<String> tables;

    @Override
    public Integer call() throws IOException {
        logging.apply();
        CliEnvironment env = parent.environment();
        SelectedSource selected = SelectedSource.load(env, config, sourceName);
        if (selected == null) return ExitCodes.CONFIG_ERROR;
        SourceDefinition source = selected.source();
        if (!(selected.factory() instanceof TableBackfills backfills)) {
            env.err().println("error: " + source.connector() + " source '" + source.name() + "' cannot read tables again"
                    + " on request (postgres-cdc with engine: native can); its connector's own way is Debezium's"
                    + " incremental snapshot, started by a signal");
            return ExitCodes.CONFIG_ERROR;
        }
        // As a run takes it: a running source would overwrite the request with its own offsets.
        Path stateDir = selected.config().sourceStateDir(source.name());
        try (StateLock lock = StateLock.acquire(stateDir, "source '" + source.name() + "'")) {
            env.out().println(backfills.requestBackfill(selected.options(), selected.context(stateDir), tables));
            return ExitCodes.OK;
        } catch (StateInUseException e) {
            env.err().println("error: " + e.getMessage() + "; then ask for the backfill again");
            return ExitCodes.CONFIG_ERROR;
        } catch (IllegalArgumentException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        } catch (ConfigException | ConnectivityException e) {
            return config.reportFailure(env, e);
        }
    }
}
