package io.cdctoolkit.engine.spi;


import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A component's validated options with defaults applied, read by canonical name whatever spelling
 * (alias) the user wrote. Built once when a component is created; never read on the per-event path.
 */
public final class Options {

    private final String keyPath;
    private final List<OptionSpec> specs;
    private final Map<String, Object> values;

    private Options(String keyPath, List<OptionSpec> specs, Map<String, Object> values) {
        this.keyPath = keyPath;
        this.specs = specs;
        this.values = values;
    }

    /**
     * Validates {@code raw} against {@code specs} (see {@link OptionValidator}) and returns the
     * options with aliases resolved to canonical names and defaults applied.
     *
     * @throws ConfigException listing every problem, with key paths under {@code keyPath}
     */
    public static Options of(String keyPath, List<OptionSpec> specs, Map<String, ?> raw) throws ConfigException {
        var problems = OptionValidator.validate(keyPath, specs, raw == null ? Map.of() : raw);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        Map<String, Object> canonical = new LinkedHashMap<>();
        for (OptionSpec spec : specs) {
            Object value = null;
            if (raw != null) {
                for (Map.Entry<String, ?> e : raw.entrySet()) {
                    if (spec.accepts(e.getKey())) value = e.getValue();
                }
            }
            if (value == null) value = spec.defaultValue();
            if (value != null) canonical.put(spec.name(), OptionValidator.coerce(spec, value));
        }
        return new Options(keyPath, specs, Collections.unmodifiableMap(canonical));
    }

    /** Where these options live in the config file, e.g. {@code sources.gen.config}. */
    public String keyPath() {
        return keyPath;
    }

    /** Whether the option has a value (given or default). */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value (given or default) as read from the config, or null. */
    public Object raw(String name) {
        return values.get(name);
    }

    public String string(String name) {
        Object v = require(name);
        return v.toString();
    }

    public Optional<String> optionalString(String name) {
        return Optional.ofNullable(values.get(name)).map(Object::toString);
    }

    public int integer(String name) {
        return ((Number) require(name)).intValue();
    }

    public long longValue(String name) {
        return ((Number) require(name)).longValue();
    }

    public double doubleValue(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public boolean bool(String name) {
        return (Boolean) require(name);
    }

    @SuppressWarnings("unchecked")
    public List<String> stringList(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<String>) v;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String name) {
        Object v = values.get(name);
        return v == null ? Map.of() : (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> objectList(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<Map<String, Object>>) v;
    }

    /** A nested OBJECT option's options. */
    public Options nested(String name) throws ConfigException {
        OptionSpec spec = spec(name);
        return Options.of(keyPath + "." + name, spec.nested(), map(name));
    }

    /** Every option's value, secrets replaced by {@code ****}: safe to print or log. */
    public Map<String, Object> redacted() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OptionSpec spec : specs) {
            if (values.containsKey(spec.name())) {
                out.put(spec.name(), spec.secret() ? "****" : values.get(spec.name()));
            }
        }
        return out;
    }

    private OptionSpec spec(String name) {
        return specs.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no option '" + name + "' declared at " + keyPath));
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            spec(name); // fails loudly for an undeclared name: a programming error
            throw new IllegalStateException(keyPath + "." + name + " has no value and no default");
        }
        return v;
    }

    @Override
    public String toString() {
        return keyPath + redacted();
    }

}
