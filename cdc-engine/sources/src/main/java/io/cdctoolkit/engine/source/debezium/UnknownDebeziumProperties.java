package io.cdctoolkit.engine.source.debezium;

import io.cdctoolkit.engine.spi.OptionValidator;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.PrerequisiteCheck;
import io.debezium.embedded.async.AsyncEngineConfig;
import org.apache.kafka.connect.connector.Connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code check}'s warning for a key of the {@code debezium:} pass-through block that is a misspelling of a property the
 * connector or Debezium's engine knows ({@code snapshot.fetch.sise}): Debezium ignores properties it does not know,
 * so the setting never takes effect and nothing says so. Only a key a couple of edits from a known one is warned of:
 * many valid keys are not in any ConfigDef (JDBC driver properties under {@code database.}, a converter's own
 * properties, {@code transforms.*}), and those are never near a known name by accident.
 */
public final class UnknownDebeziumProperties {

    private UnknownDebeziumProperties() {
    }

    /**
     * The warning, when some key of the source's {@code debezium} block is a misspelling of a known property.
     *
     * @param connectorClass the Debezium connector's class name, whose {@code config()} lists its properties
     */
    public static Optional<PrerequisiteCheck> check(String connectorClass, Options options) {
        Map<String, String> given = new LinkedHashMap<>();
        EngineProperties.flatten("", options.map("debezium"), given);
        if (given.isEmpty()) return Optional.empty();
        Connector connector = connector(connectorClass);
        if (connector == null) return Optional.empty(); // no connector to ask: nothing to compare with
        Set<String> known = new TreeSet<>(connector.config().configKeys().keySet());
        AsyncEngineConfig.ALL_FIELDS.forEach(f -> known.add(f.name()));
        List<String> misspelt = new ArrayList<>();
        for (String key : given.keySet()) {
            if (known.contains(key)) continue;
            String near = OptionValidator.closest(key, known, 2);
            if (near != null) misspelt.add("debezium." + key + " (did you mean " + near + "?)");
        }
        if (misspelt.isEmpty()) return Optional.empty();
        String name = debeziumName(connector.getClass());
        return Optional.of(PrerequisiteCheck.warn("debezium", String.join(", ", misspelt) + (misspelt.size() == 1
                ? " is no property " : " are no properties ") + name + " or Debezium's engine knows: Debezium"
                + " ignores " + (misspelt.size() == 1 ? "it" : "them") + " without a word",
                "correct the name (the connector's properties: Debezium's documentation of " + name + ")"));
    }

    private static Connector connector(String connectorClass) {
        try {
            return (Connector) Class.forName(connectorClass).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The Debezium connector's own class name, past the toolkit's subclasses of it (e.g. the password-masking one). */
    private static String debeziumName(Class<?> type) {
        Class<?> c = type;
        while (c != null && !c.getName().startsWith("io.debezium.")) c = c.getSuperclass();
        return (c == null ? type : c).getSimpleName();
    }
}
