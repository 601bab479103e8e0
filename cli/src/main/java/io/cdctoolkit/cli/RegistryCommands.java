package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ConnectivityException;

/**
 * The error handling every {@code schema} command shares: usage and config problems exit 2 with the
 * message (a config problem has already been printed with its key path), an unreachable registry
 * exits 3.
 */
final class RegistryCommands {

    /** A command's work, returning its exit code. */
    @FunctionalInterface
    interface Body {
        int run() throws UsageProblem, RegistryTarget.ConfigInvalid, ConnectivityException;
    }

    private RegistryCommands() {
    }

    /** Runs {@code body}, turning the shared failures into their exit codes. */
    static int run(CliEnvironment env, Body body) {
        try {
            return body.run();
        } catch (UsageProblem | IllegalArgumentException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        } catch (RegistryTarget.ConfigInvalid e) {
            return ExitCodes.CONFIG_ERROR;
        } catch (ConnectivityException e) {
            env.err().println("error: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
    }
}
