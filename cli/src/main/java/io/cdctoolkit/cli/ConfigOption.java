package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.config.ConfigLoader;
import io.cdctoolkit.engine.config.ConfigScope;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.config.ToolkitConfig;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --config F}, shared by the commands that read a config file, and how its errors are shown. */
final class ConfigOption {

    @CommandLine.Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The config file (YAML).")
    Path file;

    /** Loads the file, or prints every problem (file:line:col: key path: message (fix)) and returns null. */
    ToolkitConfig load(CliEnvironment env) {
        return load(env, ConfigScope.WHOLE);
    }

    /** As {@link #load(CliEnvironment)}, for a command that reads only {@code scope}'s parts of the file. */
    ToolkitConfig load(CliEnvironment env, ConfigScope scope) {
        if (!Files.isRegularFile(file)) {
            env.err().println("error: config file " + file + " does not exist or is not a file");
            return null;
        }
        try {
            return ConfigLoader.load(file, env.catalog(), env.env(), scope);
        } catch (ConfigException e) {
            printProblems(env, e);
            return null;
        }
    }

    /**
     * Reports why a command that reads tables through the config's sources failed, and returns its exit
     * code: 2 for a usage or config problem, 3 for a system that cannot be reached, 4 for anything else.
     */
    int reportFailure(CliEnvironment env, Exception failure) {
        if (failure instanceof ConfigException e) {
            printProblems(env, e);
            return ExitCodes.CONFIG_ERROR;
        }
        env.err().println("error: " + failure.getMessage());
        if (failure instanceof UsageProblem) return ExitCodes.CONFIG_ERROR;
        if (failure instanceof ConnectivityException) return ExitCodes.UNREACHABLE;
        return ExitCodes.isUnreachable(failure) ? ExitCodes.UNREACHABLE : ExitCodes.PIPELINE_FAILED;
    }

    /** Prints a config exception's problems, one per line, each with its location when known. */
    void printProblems(CliEnvironment env, ConfigException e) {
        env.err().println("error: " + file + " is not a valid configuration:");
        for (ConfigProblem p : e.problems()) {
            ConfigProblem located = p.file() == null ? p.at(file.toString(), p.line(), p.column()) : p;
            env.err().println("  " + located);
        }
    }
}
