package io.cdctoolkit.engine.routing;

import java.util.Arrays;
import java.util.List;

/** What two distinct tables resolving to the same topic is: an error (default) or a warning. */
public enum OnCollision {
    /** Tables sharing a topic is an error ({@code on_collision: error}, the default). */
    ERROR("error"),
    /** Tables sharing a topic is a warning ({@code on_collision: warn}). */
    WARN("warn");

    private final String configName;

    OnCollision(String configName) {
        this.configName = configName;
    }

    /** The spelling used in config files: {@code error | warn}. */
    public String configName() {
        return configName;
    }

    /** Every config spelling, in declaration order. */
    public static List<String> configNames() {
        return Arrays.stream(values()).map(OnCollision::configName).toList();
    }

    /**
     * The setting with config spelling {@code name}.
     *
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static OnCollision fromConfig(String name) {
        for (OnCollision o : values()) {
            if (o.configName.equals(name)) return o;
        }
        throw new IllegalArgumentException("unknown on_collision '" + name + "', expected error or warn");
    }
}
