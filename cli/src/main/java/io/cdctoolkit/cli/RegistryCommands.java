package io.cdctoolkit.cli;

import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.registry.RegisteredSchema;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.RegistryErrors;
import io.cdctoolkit.schema.registry.RegistryRequestException;

import java.util.Optional;

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

    /**
     * The subject's latest version; empty when the subject has none.
     *
     * @throws ConnectivityException when the registry cannot be reached or refuses the login
     */
    static Optional<RegisteredSchema> latest(RegistryClient registry, String subject) throws ConnectivityException {
        try {
            return Optional.of(registry.latest(subject));
        } catch (RetryableException e) {
            throw RegistryErrors.unreachable(e);
        } catch (RegistryRequestException e) {
            if (e.notFound()) return Optional.empty();
            throw RegistryErrors.translate(registry, e);
        }
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
