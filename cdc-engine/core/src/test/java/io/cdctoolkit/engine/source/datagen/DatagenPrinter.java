package io.cdctoolkit.engine.source.datagen;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Prints every pattern's first events in cdc_mode for a seed: the program the determinism test runs in
 * two separate JVMs (hash-order and clock leaks only show across processes).
 */
public final class DatagenPrinter {

    private DatagenPrinter() {
    }

    /** Args: seed, events per pattern, state directory. */
    public static void main(String[] args) throws Exception {
        System.out.write(print(Long.parseLong(args[0]), Integer.parseInt(args[1]), Path.of(args[2]))
                .getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }

    static String print(long seed, int eventsPerPattern, Path stateRoot) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String pattern : DatagenPattern.NAMES) {
            Map<String, Object> config = DatagenFixtures.config("pattern", pattern, "seed", seed, "cdc_mode", true,
                    "custom_fields", DatagenFixtures.ordered("env", "test", "labels", List.of("a", "b"),
                            "limits", DatagenFixtures.ordered("z", 1, "a", 2)));
            Path stateDir = Files.createTempDirectory(stateRoot, pattern);
            try (DatagenReader reader = DatagenFixtures.reader(config, stateDir)) {
                out.append(DatagenFixtures.render(DatagenFixtures.read(reader, eventsPerPattern)));
            }
        }
        return out.toString();
    }
}
