package io.cdctoolkit.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdctoolkit.engine.spi.OptionSpec;

import java.util.List;

/** JSON Schema (draft-07) fragments for {@link OptionSpec}s. */
final class OptionSchemas {

    /** A value written as {@code ${VAR}} / {@code ${VAR:-default}}: valid wherever a number, boolean or enum goes. */
    static final String PLACEHOLDER_PATTERN = "^\\$\\{.*\\}$";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OptionSchemas() {
    }

    /** An object whose properties are {@code options} (aliases too); unknown keys rejected. */
    static ObjectNode object(List<OptionSpec> options) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        ArrayNode requiredWithAliases = NODES.arrayNode();
        for (OptionSpec option : options) {
            properties.set(option.name(), option(option));
            for (String alias : option.aliases()) {
                ObjectNode aliasSchema = option(option);
                aliasSchema.put("description", "Alias of " + option.name() + ". " + option.doc());
                properties.set(alias, aliasSchema);
            }
            if (option.required() && option.aliases().isEmpty()) {
                required.add(option.name());
            } else if (option.required()) {
                // any one spelling satisfies a required option
                ObjectNode anyOf = NODES.objectNode();
                ArrayNode alternatives = anyOf.putArray("anyOf");
                alternatives.addObject().putArray("required").add(option.name());
                option.aliases().forEach(a -> alternatives.addObject().putArray("required").add(a));
                requiredWithAliases.add(anyOf);
            }
        }
        if (!required.isEmpty()) schema.set("required", required);
        if (!requiredWithAliases.isEmpty()) schema.set("allOf", requiredWithAliases);
        // An empty block (nothing, or only comments, under the key) is null in YAML; the loader reads it as {}.
        if (required.isEmpty() && requiredWithAliases.isEmpty()) schema.set("type", nullableObject().get("type"));
        schema.put("additionalProperties", false);
        return schema;
    }

    /** An object or null: the type of a block that may be left empty. */
    static ObjectNode nullableObject() {
        ObjectNode schema = NODES.objectNode();
        schema.putArray("type").add("object").add("null");
        return schema;
    }

    /** The schema of one option's value, with description, default, example and {@code writeOnly} for secrets. */
    static ObjectNode option(OptionSpec option) {
        ObjectNode schema = value(option);
        if (!option.doc().isEmpty()) schema.put("description", option.doc());
        if (option.defaultValue() != null) schema.set("default", json(option.defaultValue()));
        if (option.example() != null) schema.putArray("examples").add(json(option.example()));
        if (option.secret()) schema.put("writeOnly", true);
        return schema;
    }

    private static ObjectNode value(OptionSpec option) {
        return switch (option.type()) {
            case STRING -> type("string");
            case INT, LONG -> orPlaceholder(bounded(type("integer"), option));
            case DOUBLE -> orPlaceholder(type("number"));
            case BOOLEAN -> orPlaceholder(type("boolean"));
            case ENUM -> orPlaceholder(oneOf(option.allowedValues()));
            case STRING_LIST -> {
                // a single string is accepted as a one-element list
                ObjectNode list = type("array");
                list.set("items", type("string"));
                ObjectNode schema = NODES.objectNode();
                schema.putArray("anyOf").add(list).add(type("string"));
                yield schema;
            }
            case MAP -> type("object");
            case OBJECT -> object(option.nested());
            case OBJECT_LIST -> {
                ObjectNode list = type("array");
                list.set("items", type("object"));
                yield list;
            }
        };
    }

    /** {@code minimum}/{@code maximum} from the option's range rules. */
    private static ObjectNode bounded(ObjectNode schema, OptionSpec option) {
        for (var rule : option.rules()) {
            if (rule.minimum() != null) schema.put("minimum", rule.minimum());
            if (rule.maximum() != null) schema.put("maximum", rule.maximum());
        }
        return schema;
    }

    private static JsonNode json(Object value) {
        return MAPPER.valueToTree(value);
    }

    static ObjectNode type(String type) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", type);
        return schema;
    }

    /** {@code anyOf: [schema, placeholder string]}. */
    static ObjectNode orPlaceholder(ObjectNode schema) {
        ObjectNode placeholder = type("string");
        placeholder.put("pattern", PLACEHOLDER_PATTERN);
        ObjectNode out = NODES.objectNode();
        out.putArray("anyOf").add(schema).add(placeholder);
        return out;
    }

    /** {@code {"enum": [values…]}} for a string. */
    static ObjectNode oneOf(List<String> values) {
        ObjectNode schema = type("string");
        ArrayNode array = schema.putArray("enum");
        values.forEach(array::add);
        return schema;
    }
}
