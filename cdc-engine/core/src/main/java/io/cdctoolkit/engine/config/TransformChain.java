package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.data.TableId;
import io.cdctoolkit.engine.spi.ComponentCatalog;
import io.cdctoolkit.engine.spi.ComponentContext;
import io.cdctoolkit.engine.spi.ConfigException;
import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.EventShape;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.engine.spi.Stage;
import io.cdctoolkit.engine.spi.TableSchemas;
import io.cdctoolkit.engine.spi.TransformFactory;
import io.cdctoolkit.engine.spi.Inaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The transform stages of one pipeline, in the order they run: the source's {@code config.transforms},
 * then the pipeline's {@code transforms}. {@code run} ({@link PipelineAssembler}) and the commands that
 * show a table's events without running ({@code check}, {@code topics}, {@code schema derive}) create
 * them here, so both see the same stages; {@link #shapes} follows a table's schemas through them.
 *
 * <p>Closing the chain closes its stages. A caller that hands {@link #stages()} to a pipeline (which
 * closes them itself) does not close the chain.
 */
public final class TransformChain implements AutoCloseable {

    private final List<TransformDefinition> definitions;
    private final List<Stage> stages;

    private TransformChain(List<TransformDefinition> definitions, List<Stage> stages) {
        this.definitions = List.copyOf(definitions);
        this.stages = List.copyOf(stages);
    }

    /** The transforms a pipeline runs on {@code source}'s events: the source's, then the pipeline's (may be null). */
    public static List<TransformDefinition> definitions(SourceDefinition source, PipelineDefinition pipeline) {
        List<TransformDefinition> all = new ArrayList<>(source.transforms());
        if (pipeline != null) all.addAll(pipeline.transforms());
        return List.copyOf(all);
    }

    /**
     * The transforms {@code source}'s events go through under {@code config}: its own, then those of the
     * pipeline that reads it (a source belongs to at most one pipeline), if any.
     */
    public static List<TransformDefinition> definitions(ToolkitConfig config, SourceDefinition source) {
        PipelineDefinition reader = config.pipelines().values().stream()
                .filter(p -> p.source().equals(source.name())).findFirst().orElse(null);
        return definitions(source, reader);
    }

    /**
     * Creates every transform through its factory in {@code catalog}, with its predicate.
     *
     * @param contexts the context each transform gets (its state folder, meter registry)
     * @throws ConfigException every problem of every transform (not just the first); the stages
     *                         created so far are closed
     */
    public static TransformChain create(ComponentCatalog catalog, List<TransformDefinition> definitions,
                                        Function<TransformDefinition, ComponentContext> contexts) throws ConfigException {
        List<Stage> stages = new ArrayList<>();
        Set<ConfigProblem> problems = new LinkedHashSet<>();
        for (TransformDefinition t : definitions) {
            try {
                stages.add(create(catalog, t, contexts.apply(t)));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            } catch (RuntimeException e) {
                closeQuietly(stages);
                throw e;
            }
        }
        if (!problems.isEmpty()) {
            closeQuietly(stages);
            throw new ConfigException(List.copyOf(problems));
        }
        return new TransformChain(definitions, stages);
    }

    private static Stage create(ComponentCatalog catalog, TransformDefinition t, ComponentContext context)
            throws ConfigException {
        TransformFactory factory = catalog.transform(t.type()).orElseThrow(() -> new ConfigException(t.keyPath()
                + ".type", "no transform named '" + t.type() + "' on the class path", "run `cdc-toolkit spec` to list them"));
        Options predicate = t.predicate().isEmpty() ? null
                : Options.of(t.keyPath() + ".predicate", TransformFactory.PREDICATE_OPTIONS, t.predicate());
        return factory.create(Options.of(t.keyPath() + ".config", factory.spec().options(), t.config()), predicate,
                context);
    }

    public List<TransformDefinition> definitions() {
        return definitions;
    }

    /** The stages, in run order (one per definition). */
    public List<Stage> stages() {
        return stages;
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    /**
     * The shapes of {@code schemas}' events after every stage ({@link Stage#outputShapes}), without
     * running anything. A stage that cannot handle a shape adds its problems (each naming the stage's key
     * path and the table) and that shape is followed no further; the other shapes still are, so one
     * call reports every transform that does not fit the table.
     */
    public ChainShapes shapes(TableSchemas schemas) {
        return shapes(EventShape.of(schemas));
    }

    /** The shapes of {@code input}'s events after every stage, as {@link #shapes(TableSchemas)}. */
    public ChainShapes shapes(EventShape input) {
        // Ordered sets: shapes that become equal again (a predicate's two branches, their operations merged) are
        // followed once.
        Set<EventShape> current = new LinkedHashSet<>(List.of(input));
        Set<ConfigProblem> problems = new LinkedHashSet<>();
        Set<String> acting = new LinkedHashSet<>();
        Map<String, Inaction> idle = new LinkedHashMap<>();
        for (int i = 0; i < stages.size() && !current.isEmpty(); i++) {
            Set<EventShape> next = new LinkedHashSet<>();
            TransformDefinition definition = definitions.get(i);
            Inaction inaction = stages.get(i).inaction();
            if (inaction != null) idle.put(definition.keyPath(), inaction);
            for (EventShape shape : current) {
                if (stages.get(i).mayApplyTo(shape)) acting.add(definition.keyPath());
                try {
                    next.addAll(stages.get(i).outputShapes(shape));
                } catch (ConfigException e) {
                    e.problems().forEach(p -> problems.add(aboutTable(p, definition, shape.table())));
                } catch (RuntimeException e) {
                    // A transform bug must not end check: report it where the transform is configured.
                    problems.add(new ConfigProblem(definition.keyPath(), "table " + shape.table() + ": "
                            + definition.type() + " cannot tell its output for this table: " + e, null));
                }
            }
            current = new LinkedHashSet<>(EventShape.merged(next));
        }
        idle.keySet().removeAll(acting);
        return new ChainShapes(input, List.copyOf(current), List.copyOf(problems), acting, idle);
    }

    /** The problem at the transform's key path when it names none, and naming the table when it does not yet. */
    private static ConfigProblem aboutTable(ConfigProblem p, TransformDefinition t, TableId table) {
        String keyPath = p.keyPath() == null || p.keyPath().isEmpty() ? t.keyPath() : p.keyPath();
        String message = p.message().contains(table.toString()) ? p.message() : "table " + table + ": " + p.message();
        return new ConfigProblem(keyPath, message, p.fix(), p.file(), p.line(), p.column());
    }

    @Override
    public void close() {
        closeQuietly(stages);
    }

    private static void closeQuietly(List<Stage> stages) {
        for (Stage s : stages) {
            try {
                s.close();
            } catch (Exception ignored) {
                // Nothing was started through these stages: a failing close has nothing left to release.
            }
        }
    }
}
