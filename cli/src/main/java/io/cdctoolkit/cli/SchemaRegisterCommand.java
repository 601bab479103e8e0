package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.glue.GlueRegistryException;
import io.cdctoolkit.schema.glue.GlueSchemaRegistry;
import io.cdctoolkit.schema.registry.RegisteredSchema;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.RegistryErrors;
import io.cdctoolkit.schema.registry.ReferenceRefusedException;
import io.cdctoolkit.schema.registry.RegistryRequestException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code schema register}: registers a schema file under a subject (or finds it there already) and
 * prints {@code {"subject","version","id"}}. The registry applies the subject's compatibility level:
 * a refused schema exits 1 with the registry's reasons, one per line. In an AWS Glue registry the subject is a schema
 * name and the id the version's UUID.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Registers a schema under a subject (the registry checks it at the subject's level) and prints"
                + " {\"subject\",\"version\",\"id\"} on stdout.",
                "Exit 0 registered (or already there), 1 refused by the registry (incompatible), 2 usage or invalid"
                        + " schema, 3 registry unreachable or limiting the request rate."})
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

    @CommandLine.Mixin
    SchemaFileOptions schemaFiles;

    @CommandLine.Option(names = "--normalize", description = "Ask the registry to normalize the schema (?normalize=true).")
    boolean normalize;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    RegistryTarget registry;

    @Override
    public Integer call() {
        logging.apply();
        CliEnvironment env = parent.environment();
        return RegistryCommands.run(env, () -> {
            SchemaText text = schemaFiles.read(schema, SchemaFiles.type(type, schema), ref -> env.err().println(
                    "note: $ref " + ref + " names a document by a URI no --reference file has as its $id: it goes"
                            + " without a reference, for the registry to resolve (give the document with --reference"
                            + " FILE to register it as one)"));
            Optional<GlueSchemaRegistry> glue = registry.glue(env);
            if (glue.isPresent()) {
                try (GlueSchemaRegistry schemas = glue.get()) {
                    return register(env, schemas, text);
                }
            }
            try (RegistryClient client = registry.open(env)) {
                return register(env, client, text);
            }
        });
    }

    /**
     * Into AWS Glue: the schema is created (at the config's {@code compatibility}) when Glue has none of that name,
     * else a version registered; Glue checks it at the schema's setting. The id printed is the version's UUID.
     */
    private int register(CliEnvironment env, GlueSchemaRegistry glue, SchemaText text)
            throws ConnectivityException, UsageProblem {
        if (normalize) throw new UsageProblem("--normalize asks a Confluent-compatible registry; AWS Glue has no such"
                + " option (it compares definitions as given)");
        SchemaFiles.refuseReferencesInGlue(schema, text);
        GlueSchemaRegistry.GlueVersion version;
        try {
            version = GlueTarget.register(glue, subject, text);
        } catch (GlueRegistryException e) {
            env.out().println(e.getMessage());
            // Glue's reason (above) says which: incompatible at the schema's setting, invalid, or another data format.
            env.err().println("refused: " + glue.settings().describe() + " refused " + schema + " as schema "
                    + subject);
            return ExitCodes.CHECK_FAILED;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("subject", subject);
        answer.put("version", version.number());
        answer.put("id", version.id().toString());
        env.out().println(json(answer));
        env.err().println("registered: " + schema + " as schema " + subject + " version " + version.number()
                + " with id " + version.id() + " in " + glue.settings().describe());
        return ExitCodes.OK;
    }

    private static String json(Map<String, Object> answer) {
        try {
            return new ObjectMapper().writeValueAsString(answer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a small JSON object", e);
        }
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
            env.out().println(json(answer));
            env.err().println("registered: " + schema + " under " + subject + (version == null ? "" : " as version " + version)
                    + " with id " + id + " in " + client.describe());
            return ExitCodes.OK;
        } catch (RetryableException e) {
            throw RegistryErrors.unreachable(e);
        } catch (RegistryRequestException e) {
            if (e.status() == 409) {
                // Registering a schema registers its references first: the refusal may be one of theirs.
                String refusedSubject = e instanceof ReferenceRefusedException r ? r.subject() : subject;
                String refused = refusedSubject.equals(subject) ? schema.toString()
                        : "the reference " + refusedSubject + " of " + schema;
                env.out().println(e.getMessage());
                env.err().println("incompatible: " + client.describe() + " refused " + refused + " under "
                        + refusedSubject + " at the subject's level " + levelOrUnknown(client, refusedSubject));
                return ExitCodes.CHECK_FAILED;
            }
            throw RegistryErrors.translate(client, e);
        }
    }

    private static String levelOrUnknown(RegistryClient client, String subject) {
        try {
            return client.compatibilityLevel(subject).name();
        } catch (RuntimeException e) {
            return "(unknown)";
        }
    }
}
