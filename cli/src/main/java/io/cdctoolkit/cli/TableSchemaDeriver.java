package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.ChainShapes;
import io.cdctoolkit.engine.config.ConfiguredFeature;
import io.cdctoolkit.engine.config.RegistryDefinition;
import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConnectivityException;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.FatalException;
import io.cdctoolkit.engine.spi.RetryableException;
import io.cdctoolkit.engine.spi.TableSchemaInspector;
import io.cdctoolkit.engine.spi.TableSchemas;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.SchemaFormat;
import io.cdctoolkit.schema.SchemaFormats;
import io.cdctoolkit.schema.format.SchemaType;
import io.cdctoolkit.schema.glue.GlueSchemaRegistry;
import io.cdctoolkit.schema.registry.RegistryServerErrorException;
import io.cdctoolkit.schema.registry.RegistrarProvider;
import io.cdctoolkit.schema.registry.SchemaRegistrar;
import io.cdctoolkit.schema.registry.SubjectDerivation;
import io.cdctoolkit.schema.registry.SubjectStrategy;
import io.cdctoolkit.security.EncryptionFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry schemas and subjects a table's records would get under a config, without registering
 * anything: the row schemas come from the source's own reader ({@link TableSchemaInspector}) through
 * the source's transforms and its {@code cdc_features} (encrypted fields are strings; {@link ChainedSchemas}), the
 * registry text from the same {@link SchemaFormat} the encoder uses, the subjects from the config's
 * registry mode and {@code subject_strategy}. Shared by {@code schema derive} and {@code topics --schemas}.
 *
 * <p>A Protobuf schema is derived as the encoder derives it: as the next version of the subject's latest version in
 * the config's registry (its field numbers), so the registry is read (never written) for it; without a registry, or
 * without a version yet, field numbers are positions.
 */
final class TableSchemaDeriver implements AutoCloseable {

    /** One side (key or value) of a table's records: its subject and registry schema. */
    record Part(String subject, DerivedSchema schema) {
    }

    /** Whose records a derivation is of: a table's changes, or the source's events that are no table's. */
    enum Origin { TABLE, EVENTS }

    /**
     * One shape of a table's records after the transforms and cdc_features.
     *
     * @param key   null when the records have no key (a table without a primary key)
     * @param value null for tombstones (a null value: no value schema is registered)
     */
    record Derived(String source, Origin origin, TableId table, String topic, SchemaType type, Part key, Part value) {
    }

    /**
     * What a table's records get after the source's transforms and cdc_features.
     *
     * @param readerTopic the topic the reader gives the table, before the transforms
     * @param outputs     one entry per distinct shape the transforms emit; empty when they drop every event
     */
    record Derivation(String source, Origin origin, TableId table, String readerTopic, List<Derived> outputs) {

        /** The shapes that have a value schema (not tombstones). */
        List<Derived> withValue() {
            return outputs.stream().filter(d -> d.value() != null).toList();
        }
    }

    private final ComponentCatalog catalog;
    private final ToolkitConfig config;
    private final ChainedSchemas chained;
    private final SchemaType type;
    private final SchemaFormat format;
    /** The config's registry, opened at the first Protobuf schema; null until then, or when there is none. */
    private SchemaRegistrar registrar;
    private boolean registrarOpened;

    private TableSchemaDeriver(ComponentCatalog catalog, ToolkitConfig config, SchemaType type) {
        this.catalog = catalog;
        this.config = config;
        this.chained = new ChainedSchemas(catalog, config);
        this.type = type;
        this.format = SchemaFormats.forType(type);
    }

    /**
     * A deriver for {@code config}, in {@code typeOverride} ({@code avro}, {@code protobuf},
     * {@code json_schema}) or else the config's {@code schema_registry.format}.
     *
     * @param typeOption the command's option that gives {@code typeOverride}, named in the error that asks for one
     * @throws UsageProblem when the format has no registry schema (plain {@code json}) or is unknown
     */
    static TableSchemaDeriver of(ComponentCatalog catalog, ToolkitConfig config, String typeOverride, String typeOption)
            throws UsageProblem {
        String name = typeOverride != null ? typeOverride : config.registry().format();
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "avro" -> new TableSchemaDeriver(catalog, config, SchemaType.AVRO);
            case "protobuf" -> new TableSchemaDeriver(catalog, config, SchemaType.PROTOBUF);
            case "json_schema" -> new TableSchemaDeriver(catalog, config, SchemaType.JSON_SCHEMA);
            case "json" -> throw new UsageProblem((typeOverride != null ? typeOption + " json"
                    : "schema_registry.format is json") + ": plain JSON records have no registry schema; pass "
                    + typeOption + " avro, protobuf or json_schema");
            default -> throw new UsageProblem("unknown format '" + name + "' (expected avro, protobuf or json_schema)");
        };
    }

    SchemaType type() {
        return type;
    }

    /** Whether the source's connector can tell its tables' schemas. */
    boolean canInspect(SourceDefinition source) {
        return chained.inspector(source).isPresent();
    }

    /**
     * The tables {@code source} captures: those its options give ({@code include_tables} names exactly, datagen's), else
     * every table the live source captures (connects to it).
     *
     * @throws ConnectivityException when discovery cannot reach the source
     */
    List<TableId> tables(SourceDefinition source) throws ConfigException, ConnectivityException {
        return chained.tables(source, true);
    }

    /**
     * Reads the schemas of many of the source's tables together (one connection, one schema-only run), for
     * {@link #derive(SourceDefinition, TableSchemas)}; close it after the last.
     */
    TableSchemaInspector.SchemaReading schemaReading(SourceDefinition source, List<TableId> tables)
            throws ConfigException, UsageProblem {
        return chained.schemaReading(source, tables);
    }

    /**
     * The subjects and schemas of {@code table}'s records from {@code source}, after the source's
     * transforms (its own, then its pipeline's) and its cdc_features; connects to the source (read-only, see
     * {@link TableSchemaInspector}).
     *
     * @throws UsageProblem          when the source's connector cannot tell table schemas
     * @throws ConfigException       when the source's options are invalid, it does not capture the table,
     *                               or a transform does not fit the table (each problem at its key path)
     * @throws ConnectivityException when the source cannot be reached
     *                               (or, for a Protobuf schema, the config's registry cannot be reached)
     */
    Derivation derive(SourceDefinition source, TableId table) throws UsageProblem, ConfigException, ConnectivityException {
        return derive(source, chained.readerSchemas(source, table));
    }

    /**
     * As {@link #derive(SourceDefinition, TableId)}, from the schemas the source's reader gives the table (read
     * beforehand, e.g. many tables together).
     */
    Derivation derive(SourceDefinition source, TableSchemas schemas) throws ConfigException, ConnectivityException {
        return derivation(source, Origin.TABLE, chained.afterTransforms(source, schemas));
    }

    /**
     * The subjects and schemas of the source's events that are no table's changes (PostgreSQL's transaction BEGIN/END
     * events and logical decoding messages, when the source's options turn them on), after its transforms and
     * cdc_features: one derivation per kind, named by the table identity those events carry
     * ({@code <database>.transaction}, {@code <database>.message}). Their topics need registered schemas as much as a
     * table's do ({@code auto_register: false}, {@code schema check} in CI). Reads nothing from the source.
     *
     * @throws ConfigException when a transform does not fit those events (run would stop at the first of them)
     */
    List<Derivation> deriveNonTableEvents(SourceDefinition source) throws ConfigException, ConnectivityException {
        List<Derivation> out = new ArrayList<>();
        for (ChainShapes shapes : chained.nonTableEventsAfterTransforms(source)) {
            out.add(derivation(source, Origin.EVENTS, shapes));
        }
        return out;
    }

    private Derivation derivation(SourceDefinition source, Origin origin, ChainShapes shapes)
            throws ConfigException, ConnectivityException {
        if (!shapes.problems().isEmpty()) throw new ConfigException(shapes.problems());
        TableId table = shapes.input().table();
        List<Derived> outputs = new ArrayList<>();
        for (EventShape shape : chained.afterFeatures(source, shapes.outputs())) {
            outputs.add(new Derived(source.name(), origin, table, shape.topic(), type,
                    shape.key() == null ? null : part(shape.topic(), true, shape.key()),
                    shape.value() == null ? null : part(shape.topic(), false, shape.value())));
        }
        return new Derivation(source.name(), origin, table, shapes.input().topic(), outputs);
    }

    private Part part(String topic, boolean key, RowSchema rowSchema) throws ConfigException, ConnectivityException {
        DerivedSchema derived;
        SchemaRegistrar versions = format.followsPreviousVersion() ? registrar() : null;
        if (versions == null) {
            derived = format.derive(topic, key, rowSchema);
        } else {
            try {
                derived = SubjectDerivation.derive(format, versions, topic, key, rowSchema);
            } catch (RegistryServerErrorException e) {
                throw e;
            } catch (RetryableException e) {
                throw new ConnectivityException("schema registry " + versions.describe() + " cannot be reached ("
                        + e.getMessage() + "): " + type.registryName() + " field numbers follow the subject's"
                        + " registered versions there", e);
            } catch (IllegalArgumentException e) {
                throw new FatalException("the " + (key ? "key" : "value") + " schemas of topic " + topic + " in "
                        + versions.describe() + " cannot be read: " + e.getMessage(), e);
            }
        }
        return new Part(subject(topic, key, derived.recordName()), derived);
    }

    /** The config's registry, opened at the first use; null when there is none. */
    private SchemaRegistrar registrar() throws ConfigException {
        if (!registrarOpened) {
            registrarOpened = true;
            Optional<ConfiguredRegistry> configured = ConfiguredRegistry.of(config.registry(), catalog);
            if (configured.isPresent() && configured.get().factory() instanceof RegistrarProvider provider) {
                registrar = provider.openRegistrar(configured.get().options(), config.stateDir());
            }
        }
        return registrar;
    }

    @Override
    public void close() {
        if (registrar != null) registrar.close();
    }

    /** The subject (Glue: schema name) the encoder of the config's registry mode would use. */
    private String subject(String topic, boolean key, String recordName) {
        RegistryDefinition registry = config.registry();
        if ("glue".equals(registry.mode())) {
            return key ? GlueSchemaRegistry.keySchemaName(topic) : GlueSchemaRegistry.valueSchemaName(topic);
        }
        return strategy(registry).subject(topic, key, recordName);
    }

    /** The config's {@code subject_strategy} ({@code topic} when not set, and outside {@code external} mode). */
    static SubjectStrategy strategy(RegistryDefinition registry) {
        Object configured = "external".equals(registry.mode()) ? registry.options().get("subject_strategy") : null;
        return configured == null ? SubjectStrategy.TOPIC : SubjectStrategy.parse(configured.toString());
    }

    /** Whether the source's encryption stage runs (its block is there and not {@code enabled: false}). */
    private boolean encrypts(SourceDefinition source) {
        try {
            return ConfiguredFeature.of(catalog, source).stream().anyMatch(f -> f.name().equals(EncryptionFactory.NAME));
        } catch (ConfigException e) {
            return false; // derive itself fails on it
        }
    }

    /**
     * What the reader of the printed schemas should know: the transforms and encryption they went through, and a
     * config without a registry.
     */
    List<String> notes(SourceDefinition source) {
        List<String> notes = new ArrayList<>();
        List<String> transforms = new ArrayList<>();
        chained.transforms(source).forEach(t -> transforms.add(t.type() + " (" + t.keyPath() + ")"));
        if (!transforms.isEmpty()) {
            notes.add("source '" + source.name() + "': schemas and topics are those after its transforms: "
                    + String.join(", ", transforms));
        }
        String encryption = source.configKeyPath() + ".cdc_features." + EncryptionFactory.NAME;
        if (encrypts(source)) {
            notes.add("source '" + source.name() + "': the fields " + encryption + " selects are strings"
                    + " (enc:v1:…, doc 'encrypted: <type>') in these schemas, as the encoder registers them");
        }
        if (RegistryDefinition.DISABLED.equals(config.registry().mode())) {
            notes.add("schema_registry is disabled (plain JSON): nothing would be registered; subjects are named"
                    + " as the default topic strategy would name them");
        }
        return notes;
    }
}
