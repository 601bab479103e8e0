package io.cdctoolkit.schema.registry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.registry.RegisteredSchema;
import io.cdctoolkit.schema.registry.RegistryClient;
import io.cdctoolkit.schema.registry.ReferenceNotRegisteredException;
import io.cdctoolkit.schema.registry.ReferencedVersions;
import io.cdctoolkit.schema.registry.ReferenceRefusedException;
import io.cdctoolkit.schema.registry.RegistryRequestException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Confluent Schema Registry REST API over {@code java.net.http}, as served by Confluent SR,
 * Apicurio Registry ({@code /apis/ccompat/v7}), Karapace and Redpanda. Every call is one or a few
 * HTTP requests; nothing is cached here (callers cache).
 *
 * <p>Errors: 5xx, 429 (rate limited), 408 and I/O errors are retried per {@link RetryPolicy} and then thrown as
 * {@link io.cdctoolkit.engine.spi.RetryableException}; other 4xx become {@link RegistryRequestException}
 * with the registry's error code and message (for 409 incompatible / 422 invalid, the registry's reasons).
 */
public final class ConfluentRestRegistryClient implements RegistryClient {

    private final RestRegistrySettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final RegistryHttp http;

    public ConfluentRestRegistryClient(RestRegistrySettings settings) {
        this.settings = settings;
        this.http = new RegistryHttp(settings, json);
    }

    @Override
    public int register(String subject, SchemaText schema, boolean normalize) {
        JsonNode answer = http.post(subjectPath(subject) + "/versions" + normalizeQuery(normalize),
                schemaRequest(schema, ReferencesNotRegistered.REGISTER));
        return requiredInt(answer, "id");
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, SchemaText schema, boolean normalize) {
        try {
            return Optional.of(registered(http.post(subjectPath(subject) + normalizeQuery(normalize),
                    schemaRequest(schema, ReferencesNotRegistered.REFUSE)), subject, schema.type()));
        } catch (RegistryRequestException e) {
            // 40401 subject not found, 40403 schema not found: both mean "not registered".
            if (e.notFound()) return Optional.empty();
            throw e;
        }
    }

    @Override
    public SchemaText schemaById(int id) {
        JsonNode answer = http.get("/schemas/ids/" + id);
        SchemaText schema = new SchemaText(SchemaType.fromRegistryName(answer.path("schemaType").asText(null)),
                requiredText(answer, "schema"));
        return withReferences(schema, answer);
    }

    /**
     * Avro schemas naming types registered elsewhere (Apicurio's serializer does that for every nested record and
     * enum) come back self-contained; Protobuf files with the files they import.
     */
    private SchemaText withReferences(SchemaText schema, JsonNode answer) {
        return SchemaReferences.resolve(schema, answer.path("references"),
                (subject, version) -> http.get(subjectPath(subject) + "/versions/" + version));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return registered(http.get(subjectPath(subject) + "/versions/latest"), subject, SchemaType.AVRO);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return registered(http.get(subjectPath(subject) + "/versions/" + version), subject, SchemaType.AVRO);
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        http.get(subjectPath(subject) + "/versions").forEach(v -> versions.add(v.asInt()));
        return List.copyOf(versions);
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        http.get("/subjects").forEach(s -> subjects.add(s.asText()));
        return List.copyOf(subjects);
    }

    /**
     * Asks the registry, at the subject's effective level. Apicurio 3.3.3's ccompat API ignores
     * transitivity on {@code …/versions/latest} and applies it to {@code …/versions} even at plain
     * levels, so plain levels ask about {@code latest} and {@code _TRANSITIVE} levels ask about each
     * version in turn — which every Confluent-compatible registry answers the same way.
     *
     * <p>At NONE nothing is asked: registering checks nothing then. Apicurio 3.3.3 with no level set
     * anywhere answers NONE for the level and registers anything, yet its compatibility endpoint
     * still judges by BACKWARD — asking it would predict a refusal that registering never gives.
     */
    @Override
    public CompatibilityResult checkCompatibility(String subject, SchemaText schema) {
        CompatibilityLevel level = compatibilityLevel(subject);
        if (level == CompatibilityLevel.NONE) return CompatibilityResult.ok();
        if (!level.transitive()) return checkAgainst(subject, "latest", schema, "");
        List<Integer> versions;
        try {
            versions = versions(subject);
        } catch (RegistryRequestException e) {
            if (e.notFound()) return CompatibilityResult.ok(); // nothing registered yet: anything goes
            throw e;
        }
        List<String> problems = new ArrayList<>();
        for (int version : versions) {
            CompatibilityResult result = checkAgainst(subject, Integer.toString(version), schema, "version " + version + ": ");
            problems.addAll(result.problems());
        }
        return problems.isEmpty() ? CompatibilityResult.ok() : CompatibilityResult.incompatible(problems);
    }

    private CompatibilityResult checkAgainst(String subject, String version, SchemaText schema, String prefix) {
        JsonNode answer;
        try {
            answer = http.post("/compatibility" + subjectPath(subject) + "/versions/" + version + "?verbose=true",
                    schemaRequest(schema, ReferencesNotRegistered.REFUSE));
        } catch (RegistryRequestException e) {
            // Confluent answers 404 where the subject (or the version) does not exist: nothing to be incompatible with.
            if (e.notFound()) return CompatibilityResult.ok();
            throw e;
        }
        if (!answer.path("is_compatible").isBoolean()) {
            throw new IllegalStateException("schema registry " + settings.describe()
                    + " answered a compatibility check without is_compatible: " + answer);
        }
        if (answer.path("is_compatible").asBoolean()) return CompatibilityResult.ok();
        List<String> problems = new ArrayList<>();
        answer.path("messages").forEach(m -> problems.add(prefix + m.asText()));
        // Apicurio's verbose answer has no messages: still say something a person can act on.
        if (problems.isEmpty()) {
            problems.add(prefix + "incompatible with " + ("latest".equals(version) ? "the latest version" : "version " + version)
                    + " of " + subject + RegistryClient.NO_DETAILS);
        }
        return CompatibilityResult.incompatible(problems);
    }

    /**
     * The subject's own level, else the global one. {@code defaultToGlobal=true} makes Confluent and
     * Apicurio answer the effective level (without it Apicurio answers NONE for a subject with no
     * level of its own); registries that answer 404 for such a subject are asked for the global level.
     */
    @Override
    public CompatibilityLevel compatibilityLevel(String subject) {
        if (subject == null) return level(http.get("/config"));
        try {
            return level(http.get("/config" + subjectPathPart(subject) + "?defaultToGlobal=true"));
        } catch (RegistryRequestException e) {
            if (e.notFound()) return level(http.get("/config"));
            throw e;
        }
    }

    @Override
    public void setCompatibilityLevel(String subject, CompatibilityLevel level) {
        ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        http.put(subject == null ? "/config" : "/config" + subjectPathPart(subject), body);
    }

    /** {@code GET /mode}; a registry without the endpoint (an older Karapace, a proxy refusing it) tells nothing. */
    @Override
    public Optional<String> globalMode() {
        try {
            JsonNode mode = http.get("/mode").path("mode");
            return mode.isTextual() ? Optional.of(mode.asText()) : Optional.empty();
        } catch (RegistryRequestException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void close() {
        http.close();
    }

    private CompatibilityLevel level(JsonNode config) {
        // GET answers compatibilityLevel; some registries (and PUT) say compatibility.
        JsonNode level = config.hasNonNull("compatibilityLevel") ? config.get("compatibilityLevel") : config.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw new IllegalStateException("schema registry " + settings.describe() + " answered a config request without a level: " + config);
        }
        return CompatibilityLevel.parse(level.asText());
    }

    private ObjectNode schemaRequest(SchemaText schema, ReferencesNotRegistered notRegistered) {
        ObjectNode body = json.createObjectNode().put("schema", schema.text());
        // AVRO is the API's default; older registries reject an explicit schemaType, as Confluent's client knows.
        if (schema.type() != SchemaType.AVRO) body.put("schemaType", schema.type().registryName());
        if (!schema.references().isEmpty()) {
            ArrayNode references = body.putArray("references");
            for (Map.Entry<String, SchemaText> reference : new TreeMap<>(schema.references()).entrySet()) {
                String name = reference.getKey();
                references.addObject().put("name", name).put("subject", name)
                        .put("version", referenceVersion(name, reference.getValue(), notRegistered));
            }
        }
        return body;
    }

    /** What a request does about a referenced schema the registry does not hold under its subject. */
    private enum ReferencesNotRegistered { REGISTER, REFUSE }

    /**
     * The version of a referenced schema (an imported {@code .proto} file, an Avro named type, a JSON Schema's
     * {@code $ref}d document) under the subject named as the reference (an import path, a type's full name, the
     * {@code $ref}) — where Confluent's serializers (their default reference subject name strategy) and Apicurio's
     * register them. Registering registers it there first, as those
     * serializers do; a lookup or a compatibility check cannot name a reference the registry lacks, so it refuses,
     * saying which and how.
     */
    private int referenceVersion(String name, SchemaText referenced, ReferencesNotRegistered notRegistered) {
        Optional<RegisteredSchema> found = ReferencedVersions.find(this, name, referenced);
        if (found.isPresent()) return found.get().version();
        if (notRegistered == ReferencesNotRegistered.REFUSE) {
            throw new ReferenceNotRegisteredException(name, referenced, settings.describe());
        }
        try {
            register(name, referenced, false);
        } catch (RegistryRequestException e) {
            throw new ReferenceRefusedException(name, referenced, e);
        }
        return lookup(name, referenced, false).orElseThrow(() -> new IllegalStateException("schema registry "
                + settings.describe() + " registered " + name + " under subject " + name + " but does not find it there"))
                .version();
    }

    /**
     * {@code unnamedType}: the type of an answer without {@code schemaType} — AVRO, the API's default, for a version
     * read; for a lookup the type asked about, since Apicurio 3.3.3 answers a lookup without it.
     */
    private RegisteredSchema registered(JsonNode answer, String subject, SchemaType unnamedType) {
        String answeredSubject = answer.path("subject").isTextual() ? answer.path("subject").asText() : subject;
        SchemaType type = answer.path("schemaType").isTextual()
                ? SchemaType.fromRegistryName(answer.path("schemaType").asText()) : unnamedType;
        return new RegisteredSchema(answeredSubject, requiredInt(answer, "version"), requiredInt(answer, "id"),
                withReferences(new SchemaText(type, requiredText(answer, "schema")), answer));
    }

    private int requiredInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) throw missing(answer, field);
        return value.asInt();
    }

    private String requiredText(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.isTextual()) throw missing(answer, field);
        return value.asText();
    }

    private IllegalStateException missing(JsonNode answer, String field) {
        return new IllegalStateException("schema registry " + settings.describe() + " answered without '" + field + "': " + answer);
    }

    private static String normalizeQuery(boolean normalize) {
        return normalize ? "?normalize=true" : "";
    }

    private static String subjectPath(String subject) {
        return "/subjects" + subjectPathPart(subject);
    }

    /** {@code /<subject>} with the subject as one path segment (spaces as %20, '/' as %2F). */
    private static String subjectPathPart(String subject) {
        if (subject == null || subject.isEmpty()) throw new IllegalArgumentException("subject must not be empty");
        return "/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
