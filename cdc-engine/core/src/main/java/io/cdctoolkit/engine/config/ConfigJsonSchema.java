package io.cdctoolkit.engine.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.runtime.PipelineSettings;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentFactory;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.OptionSpec;
import io.cdctoolkit.engine.spi.RegistryFactory;
import io.cdctoolkit.engine.stage.TombstoneSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Schema (draft-07) of the whole config file, built from the component specs in a catalog
 * ({@code cdc-toolkit spec --json-schema}), for editors and CI. It rejects unknown keys where the
 * loader does, gives types, enums, defaults and descriptions, marks secrets {@code writeOnly}, and
 * accepts a {@code ${…}} placeholder wherever a number, boolean or enum value goes.
 *
 * <p>The loader remains the authority: it also checks what a schema cannot say (pipelines naming
 * existing sources and sinks, streams support, unset variables).
 */
public final class ConfigJsonSchema {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String TRANSFORM_DEFINITION = "transform";
    private static final String TRANSFORM_REF = "#/definitions/" + TRANSFORM_DEFINITION;

    private ConfigJsonSchema() {
    }

    /** The schema for configs using the components of {@code catalog}. */
    public static ObjectNode generate(ComponentCatalog catalog) {
        ObjectNode schema = NODES.objectNode();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("title", "cdc-toolkit configuration");
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ObjectNode version = properties.putObject("version");
        version.put("description", "Config format version");
        version.putArray("enum").add(ToolkitConfig.VERSION).add(1.0);
        ObjectNode stateDir = OptionSchemas.type("string");
        stateDir.put("description", "Directory for offsets, schema history and the dedup window; relative to the"
                + " config file's folder");
        stateDir.put("default", ToolkitConfig.DEFAULT_STATE_DIR.toString());
        properties.set("state_dir", stateDir);
        properties.set("schema_registry", registry(catalog));
        properties.set("sources", entries("Sources by name", source(catalog)));
        properties.set("sinks", entries("Sinks by name", sink(catalog)));
        properties.set("pipelines", entries("Pipelines by name; without it each source goes to the only sink",
                pipeline(catalog)));
        ObjectNode http = OptionSchemas.object(HttpSettings.OPTIONS);
        http.put("description", "The /metrics, /health, /ready and /status endpoint of run; absent: off");
        properties.set("http", http);
        schema.putArray("required").add("sources").add("sinks");
        schema.put("additionalProperties", false);
        schema.putObject("definitions").set(TRANSFORM_DEFINITION, transform(catalog));
        return schema;
    }

    private static ObjectNode entries(String description, ObjectNode entry) {
        ObjectNode schema = OptionSchemas.type("object");
        schema.put("description", description);
        schema.set("additionalProperties", entry);
        return schema;
    }

    private static ObjectNode source(ComponentCatalog catalog) {
        ObjectNode schema = component("connector", catalog.sources(), "config");
        ObjectNode properties = (ObjectNode) schema.get("properties");
        ObjectNode topic = OptionSchemas.type("string");
        topic.put("description", "Fallback topic when the connector's topic_routing gives none");
        properties.set("topic", topic);
        ObjectNode stream = OptionSchemas.type("object");
        ObjectNode streamProps = stream.putObject("properties");
        streamProps.set("name", OptionSchemas.type("string"));
        streamProps.set("namespace", OptionSchemas.type("string"));
        streamProps.set("sync_mode", OptionSchemas.oneOf(SourceReader.SYNC_MODES));
        streamProps.set("cursor_field", OptionSchemas.type("string"));
        stream.putArray("required").add("name");
        stream.put("additionalProperties", false);
        ObjectNode streams = OptionSchemas.type("array");
        streams.put("description", "rivven streams: each becomes an include_tables entry namespace.name");
        streams.set("items", stream);
        properties.set("streams", streams);
        for (ComponentFactory<?> factory : catalog.sources()) {
            List<OptionSpec> options = new ArrayList<>(factory.spec().options());
            options.addAll(SourceReader.COMMON_OPTIONS);
            ObjectNode config = OptionSchemas.object(options);
            ObjectNode configProps = (ObjectNode) config.get("properties");
            configProps.set(SourceReader.TRANSFORMS, transforms(catalog, false));
            configProps.set(SourceReader.CDC_FEATURES_KEY, cdcFeatures());
            when(schema, "connector", factory.spec(), "config", config);
        }
        return schema;
    }

    private static ObjectNode sink(ComponentCatalog catalog) {
        ObjectNode schema = component("connector", catalog.sinks(), "config");
        for (ComponentFactory<?> factory : catalog.sinks()) {
            when(schema, "connector", factory.spec(), "config", OptionSchemas.object(factory.spec().options()));
        }
        return schema;
    }

    private static ObjectNode transform(ComponentCatalog catalog) {
        ObjectNode schema = component("type", catalog.transforms(), "config");
        ObjectNode predicate = OptionSchemas.object(TransformDefinition.PREDICATE_OPTIONS);
        predicate.put("description", "When the transform applies: all keys must hold, list entries are alternatives");
        ((ObjectNode) schema.get("properties")).set("predicate", predicate);
        for (ComponentFactory<?> factory : catalog.transforms()) {
            when(schema, "type", factory.spec(), "config", OptionSchemas.object(factory.spec().options()));
        }
        return schema;
    }

    /** A list of transforms; pipelines (rivven style) may also name a transform with a bare string. */
    private static ObjectNode transforms(ComponentCatalog catalog, boolean bareNames) {
        ObjectNode list = OptionSchemas.type("array");
        list.put("description", "Single-message transforms, applied in order");
        ObjectNode ref = NODES.objectNode().put("$ref", TRANSFORM_REF);
        if (bareNames) {
            ObjectNode item = NODES.objectNode();
            item.putArray("anyOf").add(ref).add(OptionSchemas.oneOf(ComponentNames.spellings(catalog.transforms())));
            list.set("items", item);
        } else {
            list.set("items", ref);
        }
        return list;
    }

    private static ObjectNode cdcFeatures() {
        ObjectNode schema = OptionSchemas.type("object");
        schema.put("description", "Field encryption, deduplication and tombstones");
        ObjectNode properties = schema.putObject("properties");
        SourceReader.CDC_FEATURES.forEach(f -> properties.set(f, OptionSchemas.type("object")));
        properties.set(SourceReader.TOMBSTONES, OptionSchemas.object(TombstoneSettings.OPTIONS));
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode pipeline(ComponentCatalog catalog) {
        ObjectNode schema = OptionSchemas.type("object");
        ObjectNode properties = schema.putObject("properties");
        ObjectNode source = OptionSchemas.type("string");
        source.put("description", "Name of an entry of sources");
        properties.set("source", source);
        ObjectNode sink = OptionSchemas.type("string");
        sink.put("description", "Name of an entry of sinks");
        properties.set("sink", sink);
        ObjectNode enabled = OptionSchemas.orPlaceholder(OptionSchemas.type("boolean"));
        enabled.put("default", true);
        properties.set("enabled", enabled);
        properties.set("settings", OptionSchemas.object(PipelineSettings.OPTIONS));
        properties.set("transforms", transforms(catalog, true));
        schema.putArray("required").add("source").add("sink");
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode registry(ComponentCatalog catalog) {
        ObjectNode schema = OptionSchemas.type("object");
        schema.put("description", "Schema registry mode and format");
        ObjectNode properties = schema.putObject("properties");
        List<String> modes = new ArrayList<>(ComponentNames.spellings(catalog.registries()));
        if (!modes.contains(RegistryDefinition.DISABLED)) modes.add(RegistryDefinition.DISABLED);
        ObjectNode mode = OptionSchemas.oneOf(modes);
        mode.put("default", RegistryDefinition.DISABLED);
        properties.set("mode", mode);
        ObjectNode format = OptionSchemas.oneOf(RegistryDefinition.FORMATS);
        format.put("description", "Payload format; json (the default when disabled) means plain JSON, no framing");
        properties.set("format", format);
        for (RegistryFactory factory : catalog.registries()) {
            ObjectNode block = OptionSchemas.object(RegistryReader.blockOptions(factory));
            if (!factory.spec().doc().isEmpty()) block.put("description", factory.spec().doc());
            properties.set(factory.spec().name(), block);
            factory.spec().aliases().forEach(a -> properties.set(a, block.deepCopy()));
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /** {@code {nameKey: enum of spellings, configKey: object}} plus one if/then per component. */
    private static ObjectNode component(String nameKey, List<? extends ComponentFactory<?>> factories,
                                        String configKey) {
        ObjectNode schema = OptionSchemas.type("object");
        ObjectNode properties = schema.putObject("properties");
        ObjectNode name = OptionSchemas.oneOf(ComponentNames.spellings(factories));
        properties.set(nameKey, name);
        properties.set(configKey, OptionSchemas.nullableObject());
        schema.putArray("required").add(nameKey);
        schema.put("additionalProperties", false);
        return schema;
    }

    /** Adds {@code if {nameKey in spec's spellings} then {configKey: config}}. */
    private static void when(ObjectNode schema, String nameKey, ComponentSpec spec, String configKey,
                             ObjectNode config) {
        if (!spec.doc().isEmpty()) config.put("description", spec.doc());
        ArrayNode rules = schema.has("allOf") ? (ArrayNode) schema.get("allOf") : schema.putArray("allOf");
        ObjectNode rule = rules.addObject();
        ObjectNode condition = rule.putObject("if");
        ObjectNode nameSchema = condition.putObject("properties").putObject(nameKey);
        if (spec.aliases().isEmpty()) {
            nameSchema.put("const", spec.name());
        } else {
            ArrayNode names = nameSchema.putArray("enum").add(spec.name());
            spec.aliases().forEach(names::add);
        }
        condition.putArray("required").add(nameKey);
        ObjectNode then = rule.putObject("then");
        then.putObject("properties").set(configKey, config);
        // a component with required options needs its config block
        if (config.has("required") || config.has("allOf")) then.putArray("required").add(configKey);
    }
}
