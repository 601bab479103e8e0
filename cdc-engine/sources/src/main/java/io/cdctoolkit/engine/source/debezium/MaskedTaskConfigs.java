package io.cdctoolkit.engine.source.debezium;

import io.debezium.config.Configuration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Task configurations that print with their passwords masked. Debezium 3.5's {@code AsyncEmbeddedEngine}
 * logs each task configuration at DEBUG ({@code Config #0: {…, database.password=…}}) with the map's own
 * {@code toString()} — fixed upstream (debezium/dbz#1201) after the version this build uses. Our
 * connectors ({@code PasswordMasking*Connector}) return these maps, so the engine's log line shows
 * {@code ********} while the task still gets every value as is.
 */
public final class MaskedTaskConfigs {

    private MaskedTaskConfigs() {
    }

    /** The same configurations, each a map whose {@code toString()} masks Debezium's password keys. */
    public static List<Map<String, String>> of(List<Map<String, String>> configs) {
        List<Map<String, String>> masked = new ArrayList<>(configs.size());
        for (Map<String, String> config : configs) masked.add(new PrintMasked(config));
        return masked;
    }

    /** A task configuration whose printed form masks keys matching {@link Configuration#PASSWORD_PATTERN}. */
    static final class PrintMasked extends LinkedHashMap<String, String> {

        PrintMasked(Map<String, String> config) {
            super(config);
        }

        @Override
        public String toString() {
            return Configuration.from(this).withMaskedPasswords().asMap().toString();
        }
    }
}
