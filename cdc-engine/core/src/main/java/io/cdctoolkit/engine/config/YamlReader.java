package io.cdctoolkit.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.cdctoolkit.engine.spi.ConfigProblem;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML config into plain Java values (ordered maps, lists, String, Integer, Long, Double,
 * Boolean, null) and records where every key was written. Walks Jackson's YAML parser tokens
 * directly because the tree model keeps no locations.
 */
final class YamlReader {

    /** The root mapping and the location of every key, or a null root when the file cannot be used. */
    record Parsed(Map<String, Object> root, KeyLocations locations) {
    }

    /**
     * An empty plain value ({@code config:} with nothing, or only comments, under it) is null, as YAML
     * says, and so an empty block or an unset option; a quoted {@code ''} stays an empty string. Jackson
     * reads it as {@code ""} unless told.
     */
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

    private final KeyLocations locations = new KeyLocations();
    private final Problems problems;

    private YamlReader(Problems problems) {
        this.problems = problems;
    }

    /** Parses {@code text}; syntax errors, duplicate keys and a non-mapping root go to {@code problems}. */
    static Parsed parse(String text, Problems problems) {
        YamlReader reader = new YamlReader(problems);
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add("", "the file is empty", "start from `cdc-toolkit init`, which prints a complete config");
                return new Parsed(null, reader.locations);
            }
            Object root = reader.value(parser, "");
            if (!(root instanceof Map)) {
                problems.add(located("", "expected a mapping at the top (version:, sources:, sinks: …), got "
                        + Problems.describe(root), null, parser.currentTokenLocation()));
                return new Parsed(null, reader.locations);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) root;
            return new Parsed(map, reader.locations);
        } catch (JsonProcessingException e) {
            problems.add(syntaxError(e, text));
            return new Parsed(null, reader.locations);
        } catch (IOException e) {
            problems.add("", "cannot read YAML: " + e.getMessage(), null);
            return new Parsed(null, reader.locations);
        }
    }

    private Object value(JsonParser p, String path) throws IOException {
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT:
                return mapping(p, path);
            case START_ARRAY:
                return list(p, path);
            case VALUE_STRING:
                if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    // Jackson's YAML parser hands an alias over as its name, not the anchored block.
                    problems.add(located(path, "YAML aliases (*" + p.getText() + ") are not supported",
                            "write the block out again instead of the alias", p.currentTokenLocation()));
                    return null;
                }
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                // !!binary and other embedded values: keep their text form
                return p.getText();
        }
    }

    private Map<String, Object> mapping(JsonParser p, String path) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            String keyPath = Problems.child(path, key);
            JsonLocation where = p.currentTokenLocation();
            if (out.containsKey(key)) {
                String first = locations.exact(keyPath).map(l -> " (first written on line " + l.line() + ")").orElse("");
                problems.add(located(keyPath, "duplicate key '" + key + "'" + first, "keep one of them", where));
            }
            locations.put(keyPath, where.getLineNr(), where.getColumnNr());
            p.nextToken();
            out.put(key, value(p, keyPath));
        }
        return Collections.unmodifiableMap(out);
    }

    private List<Object> list(JsonParser p, String path) throws IOException {
        List<Object> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String itemPath = Problems.index(path, out.size());
            JsonLocation where = p.currentTokenLocation();
            locations.put(itemPath, where.getLineNr(), where.getColumnNr());
            out.add(value(p, itemPath));
        }
        return Collections.unmodifiableList(out);
    }

    /** SnakeYAML's problem and context on one line (its full message repeats the place with snippets). */
    private static ConfigProblem syntaxError(JsonProcessingException e, String text) {
        String message = e.getOriginalMessage();
        JsonLocation where = e.getLocation();
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            message = marked.getProblem();
            if (marked.getContext() != null && marked.getContextMark() != null) {
                message += " (" + marked.getContext() + " at line " + (marked.getContextMark().getLine() + 1) + ")";
            }
        }
        String line = where == null ? "" : lineAt(text, where.getLineNr());
        String fix = line.contains("${") && (line.contains("{ ") || line.contains("["))
                ? "inside { } and [ ], quote values that use ${…}: \"${VAR}\"" : null;
        return located("", "invalid YAML: " + message, fix, where);
    }

    private static String lineAt(String text, int lineNr) {
        String[] lines = text.split("\\R", -1);
        return lineNr >= 1 && lineNr <= lines.length ? lines[lineNr - 1] : "";
    }

    private static ConfigProblem located(String path, String message, String fix, JsonLocation where) {
        ConfigProblem problem = new ConfigProblem(path, message, fix);
        // the file name is filled in by ConfigLoader; only the place is known here
        return where == null ? problem : problem.at(null, where.getLineNr(), where.getColumnNr());
    }
}
