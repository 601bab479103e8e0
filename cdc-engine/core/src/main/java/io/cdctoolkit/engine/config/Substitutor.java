package io.cdctoolkit.engine.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${file:/path}} in every scalar string of
 * a parsed config; {@code $${} writes a literal {@code ${}.
 *
 * <p>Written by hand rather than with commons-text's {@code StringSubstitutor} because that class
 * cannot say <em>which</em> variable was undefined (we must name it with its key path), does not treat
 * an empty variable as unset for {@code :-} as shells and Docker Compose do, and re-substitutes inside
 * values unless told not to — a secret containing {@code ${} must come through untouched.
 */
final class Substitutor {

    private static final String FILE_PREFIX = "file:";

    private final Map<String, String> env;
    private final Path baseDir;
    private final ConfigScope scope;

    /**
     * @param env     the variables ({@code System.getenv()} in production)
     * @param baseDir directory that relative {@code ${file:…}} paths are resolved against, or null for
     *                the working directory
     */
    Substitutor(Map<String, String> env, Path baseDir) {
        this(env, baseDir, ConfigScope.WHOLE);
    }

    /** As above; a placeholder outside {@code scope} that cannot be substituted stays as written, without a problem. */
    Substitutor(Map<String, String> env, Path baseDir, ConfigScope scope) {
        this.env = env;
        this.baseDir = baseDir;
        this.scope = scope;
    }

    /** A copy of {@code value} with every string substituted; failures go to {@code problems}. */
    Object apply(Object value, String path, Problems problems) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, apply(v, Problems.child(path, (String) k), problems)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) out.add(apply(list.get(i), Problems.index(path, i), problems));
            return Collections.unmodifiableList(out);
        }
        if (value instanceof String text && text.contains("${")) return substitute(text, path, problems);
        return value;
    }

    /** {@code text} with its placeholders replaced; on failure the text is returned unchanged. */
    String substitute(String text, String path, Problems problems) {
        StringBuilder out = new StringBuilder(text.length());
        boolean failed = false;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    unresolved(problems, path, "'${' is not closed by '}'",
                            "close it, or write $${ for a literal ${");
                    return text;
                }
                String resolved = resolve(text.substring(i + 2, end), path, problems);
                if (resolved == null) {
                    failed = true;
                } else {
                    out.append(resolved);
                }
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return failed ? text : out.toString();
    }

    private String resolve(String expression, String path, Problems problems) {
        if (expression.startsWith(FILE_PREFIX)) return readFile(expression.substring(FILE_PREFIX.length()), path, problems);
        int delimiter = expression.indexOf(":-");
        String name = delimiter < 0 ? expression : expression.substring(0, delimiter);
        String fallback = delimiter < 0 ? null : expression.substring(delimiter + 2);
        if (name.isBlank()) {
            unresolved(problems, path, "'${" + expression + "}' names no variable", "write ${NAME} or ${NAME:-default}");
            return null;
        }
        String value = env.get(name);
        if (fallback != null && (value == null || value.isEmpty())) return fallback;
        if (value == null) {
            unresolved(problems, path, "environment variable " + name + " is not set",
                    "set " + name + ", or give a default with ${" + name + ":-value}");
        }
        return value;
    }

    private void unresolved(Problems problems, String path, String message, String fix) {
        if (scope.covers(path)) {
            problems.unresolved(path, message, fix);
        } else {
            problems.leftUnresolved(path);
        }
    }

    private String readFile(String file, String path, Problems problems) {
        try {
            Path p = Path.of(file.trim());
            if (!p.isAbsolute() && baseDir != null) p = baseDir.resolve(p);
            String content = Files.readString(p);
            int end = content.length();
            while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) end--;
            return content.substring(0, end);
        } catch (IOException | InvalidPathException e) {
            // the message names the path only: the content may be a secret
            unresolved(problems, path, "cannot read file '" + file + "' for ${file:…}: " + e.getClass().getSimpleName(),
                    "check that the file exists and is readable (relative paths start at the config file's directory)");
            return null;
        }
    }
}
