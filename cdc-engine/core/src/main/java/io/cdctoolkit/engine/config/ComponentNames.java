package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.ComponentFactory;
import io.cdctoolkit.engine.spi.ComponentSpec;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.OptionValidator;

import java.util.ArrayList;
import java.util.List;

/** Names of the components in a catalog, for "unknown connector … did you mean …" problems. */
final class ComponentNames {

    private ComponentNames() {
    }

    /** The canonical names, in catalog order. */
    static List<String> names(List<? extends ComponentFactory<?>> factories) {
        return factories.stream().map(f -> f.spec().name()).toList();
    }

    /** Canonical names and aliases: every spelling a config may use. */
    static List<String> spellings(List<? extends ComponentFactory<?>> factories) {
        List<String> out = new ArrayList<>();
        for (ComponentFactory<?> f : factories) {
            ComponentSpec spec = f.spec();
            out.add(spec.name());
            out.addAll(spec.aliases());
        }
        return out;
    }

    /**
     * A problem for a name no factory accepts, e.g. {@code unknown source connector 'pstgres'
     * (did you mean postgres-cdc; known: datagen, postgres-cdc)}.
     *
     * @param what  e.g. {@code source connector}
     * @param extra names accepted besides the factories' (e.g. the built-in {@code disabled} mode)
     */
    static ConfigProblem unknown(String path, String what, String name, List<? extends ComponentFactory<?>> factories,
                                 List<String> extra) {
        List<String> spellings = new ArrayList<>(spellings(factories));
        spellings.addAll(extra);
        List<String> known = new ArrayList<>(extra);
        names(factories).stream().filter(n -> !known.contains(n)).forEach(known::add);
        String best = OptionValidator.closest(name, spellings);
        String list = known.isEmpty() ? "none are installed" : "known: " + String.join(", ", known);
        return new ConfigProblem(path, "unknown " + what + " '" + name + "'",
                best == null ? list : "did you mean " + best + "; " + list);
    }
}
