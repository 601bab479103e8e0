package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.SourceDefinition;
import io.cdctoolkit.engine.config.ToolkitConfig;

/** The source a command works on: the one its {@code --source} names, else the config's only source. */
final class SourceSelection {

    private SourceSelection() {
    }

    /**
     * @param name the {@code --source} given, or null
     * @throws UsageProblem when no source has that name, or none is named and the config has several
     */
    static SourceDefinition of(ToolkitConfig loaded, String name) throws UsageProblem {
        if (name != null) {
            return loaded.source(name).orElseThrow(() -> new UsageProblem("no source named '" + name
                    + "'; sources: " + String.join(", ", loaded.sources().keySet())));
        }
        if (loaded.sources().size() != 1) {
            throw new UsageProblem("the config has " + loaded.sources().size() + " sources ("
                    + String.join(", ", loaded.sources().keySet()) + "): name one with --source");
        }
        return loaded.sources().values().iterator().next();
    }
}
