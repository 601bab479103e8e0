package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.compat.CompatibilityChecker;
import io.cdctoolkit.schema.compat.CompatibilityLevel;
import io.cdctoolkit.schema.compat.CompatibilityResult;
import io.cdctoolkit.schema.format.SchemaText;
import io.cdctoolkit.schema.format.SchemaType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An in-memory Confluent-model registry ({@code url: mock://<scope>}), for the quickstart, tests
 * and {@code bench}. It behaves like a real registry where a pipeline can tell: ids are global and
 * stable per scope, registering the same text under a subject returns its id, a new text becomes the
 * next version if the subject's compatibility level (default BACKWARD, as Confluent's) accepts it,
 * else a 409 {@link RegistryRequestException} with the checker's reasons. Texts are compared as
 * given (no normalisation). Thread-safe.
 *
 * <p>A persisted scope ({@link MockRegistries#persisted}) also keeps its content in a file: loaded when
 * the client is created, rewritten after each registration or level change, and read again when an id
 * is not known (another process may have registered it since), so a reader in another process decodes
 * what a pipeline wrote after the pipeline has exited.
 */
public final class MockRegistryClient implements RegistryClient {

    private final String scope;
    private final Function<SchemaType, CompatibilityChecker> checkers;
    private final Map<Integer, SchemaText> schemasById = new HashMap<>();
    private final Map<SchemaText, Integer> idsBySchema = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> levels = new HashMap<>();
    private final MockRegistryFile store;
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    /**
     * @param scope    the scope's name, for messages
     * @param checkers the compatibility checker of each schema language
     */
    public MockRegistryClient(String scope, Function<SchemaType, CompatibilityChecker> checkers) {
        this(scope, checkers, null);
    }

    /** A scope kept in {@code store} as well (null: in memory only). */
    MockRegistryClient(String scope, Function<SchemaType, CompatibilityChecker> checkers, MockRegistryFile store) {
        this.scope = scope;
        this.checkers = checkers;
        this.store = store;
        reload();
    }

    /** Replaces the in-memory content with the store's (nothing without a store or a file). */
    private void reload() {
        if (store == null) return;
        store.read().ifPresent(content -> {
            schemasById.clear();
            idsBySchema.clear();
            versionsBySubject.clear();
            levels.clear();
            schemasById.putAll(content.schemasById());
            content.schemasById().forEach((id, s) -> idsBySchema.putIfAbsent(s, id));
            content.versionsBySubject().forEach((subject, ids) -> versionsBySubject.put(subject, new ArrayList<>(ids)));
            levels.putAll(content.levels());
            globalLevel = content.globalLevel();
        });
    }

    private void save() {
        if (store != null) {
            store.write(new MockRegistryFile.Content(schemasById, versionsBySubject, levels, globalLevel));
        }
    }

    @Override
    public synchronized int register(String subject, SchemaText schema, boolean normalize) {
        Optional<RegisteredSchema> existing = lookup(subject, schema, normalize);
        if (existing.isPresent()) return existing.get().id();
        CompatibilityResult verdict = checkCompatibility(subject, schema);
        if (!verdict.compatible()) {
            throw new RegistryRequestException(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\", details: " + verdict.problems());
        }
        int id = idsBySchema.computeIfAbsent(schema, s -> {
            int next = schemasById.size() + 1;
            schemasById.put(next, s);
            return next;
        });
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        save();
        return id;
    }

    @Override
    public synchronized Optional<RegisteredSchema> lookup(String subject, SchemaText schema, boolean normalize) {
        Integer id = idsBySchema.get(schema);
        List<Integer> ids = versionsBySubject.get(subject);
        if (id == null || ids == null || !ids.contains(id)) return Optional.empty();
        return Optional.of(new RegisteredSchema(subject, ids.indexOf(id) + 1, id, schema));
    }

    @Override
    public synchronized SchemaText schemaById(int id) {
        SchemaText schema = schemasById.get(id);
        if (schema == null && store != null) {
            reload();
            schema = schemasById.get(id);
        }
        if (schema == null) throw new RegistryRequestException(404, 40403, "Schema " + id + " not found");
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> ids = subjectVersions(subject);
        return version(subject, ids.size());
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        List<Integer> ids = subjectVersions(subject);
        if (version < 1 || version > ids.size()) {
            throw new RegistryRequestException(404, 40402, "Version " + version + " not found");
        }
        int id = ids.get(version - 1);
        return new RegisteredSchema(subject, version, id, schemasById.get(id));
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        for (int v = 1; v <= subjectVersions(subject).size(); v++) versions.add(v);
        return versions;
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    @Override
    public synchronized CompatibilityResult checkCompatibility(String subject, SchemaText schema) {
        List<Integer> ids = versionsBySubject.getOrDefault(subject, List.of());
        CompatibilityLevel level = compatibilityLevel(subject);
        if (ids.isEmpty() || level == CompatibilityLevel.NONE) return CompatibilityResult.ok();
        List<SchemaText> previous = new ArrayList<>();
        for (int id : ids) {
            SchemaText earlier = schemasById.get(id);
            if (earlier.type() != schema.type()) {
                return CompatibilityResult.incompatible(List.of("/: schema type " + schema.type().registryName()
                        + " differs from the subject's " + earlier.type().registryName()));
            }
            previous.add(earlier);
        }
        return checkers.apply(schema.type()).check(schema, previous, level);
    }

    @Override
    public synchronized CompatibilityLevel compatibilityLevel(String subject) {
        return subject == null ? globalLevel : levels.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized void setCompatibilityLevel(String subject, CompatibilityLevel level) {
        if (subject == null) globalLevel = level;
        else levels.put(subject, level);
        save();
    }

    @Override
    public String describe() {
        return "mock://" + scope + (store == null ? "" : " (kept in " + store.path() + ")");
    }

    private List<Integer> subjectVersions(String subject) {
        List<Integer> ids = versionsBySubject.get(subject);
        if (ids == null) throw new RegistryRequestException(404, 40401, "Subject '" + subject + "' not found.");
        return ids;
    }
}
