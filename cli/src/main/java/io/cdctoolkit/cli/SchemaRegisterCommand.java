package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.registry.RegisteredSchema;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.RegistryErrors;
import io.cdctoolkit.schema.registry.RegistryRequestException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code schema register}: registers a schema file under a subject (or finds it there already) and
 * prints {@code {"subject","version","id"}}. The registry applies the subject's compatibility level:
 * a refused schema exits 1 with the registry's reasons, one per line.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Registers a schema under a subject (the registry checks it at the subject's level) and prints"
                + " {\"subject\",\"version\",\"id\"} on stdout.",
                "Exit 0 registered (or already there), 1 refused by the registry (incompatible), 2 usage or invalid"
                        + " schema, 3 registry unreachable."})
final class SchemaRegisterCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    SchemaCommand parent;

    @CommandLine.Mixin
    LoggingMixin logging;

    @CommandLine.Option(names = "--subject", required = true, paramLabel = "S", description = "The subject, e.g. orders-value.")
    String subject;

    @CommandLine.Option(names = "--schema", required = true, paramLabel = "FILE", description = "The schema to register.")
    Path schema;

    @CommandLine.Option(names = "--type", paramLabel = "TYPE",
            description = "avro, protobuf or json (JSON Schema). Default: from the file extension.")
    String type;

    @CommandLine.Option(names = "--normalize", description = "Ask the registry to normalize the schema (?normalize=true).")
    boolean normalize;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    RegistryTarget registry;

    @Override
    public Integer call() {
        logging.apply();
        CliEnvironment env = parent.environment();
        return RegistryCommands.run(env, () -> {
            SchemaText text = SchemaFiles.read(schema, SchemaFiles.type(type, schema));
            try (RegistryClient client = registry.open(env)) {
                return register(env, client, text);
            }
        });
    }

    private int register(CliEnvironment env, RegistryClient client, SchemaText text) throws ConnectivityException {
        try {
            int id = client.register(subject, text, normalize);
            // The register answer holds only the id; the version comes from a lookup of the same schema.
            Integer version = client.lookup(subject, text, normalize).map(RegisteredSchema::version).orElse(null);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("subject", subject);
            answer.put("version", version);
            answer.put("id", id);
            env.out().println(new ObjectMapper().writeValueAsString(answer));
            env.err().println("registered: " + schema + " under " + subject + (version == null ? "" : " as version " + version)
                    + " with id " + id + " in " + client.describe());
            return ExitCodes.OK;
        } catch (RetryableException e) {
            throw new ConnectivityException("schema registry cannot be reached: " + e.getMessage(), e);
        } catch (RegistryRequestException e) {
            if (e.status() == 409) {
                env.out().println(e.getMessage());
                env.err().println("incompatible: " + client.describe() + " refused " + schema + " under " + subject
                        + " at the subject's level " + levelOrUnknown(client));
                return ExitCodes.CHECK_FAILED;
            }
            throw RegistryErrors.translate(client, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a small JSON object", e);
        }
    }

    private String levelOrUnknown(RegistryClient client) {
        try {
            return client.compatibilityLevel(subject).name();
        } catch (RuntimeException e) {
            return "(unknown)";
        }
    }
}
