package io.cdctoolkit.engine.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every component factory on the class path, found with {@link ServiceLoader}. The CLI and the config
 * loader look components up here by the name the config uses.
 */
public final class ComponentCatalog {

    private final List<SourceFactory> sources;
    private final List<SinkFactory> sinks;
    private final List<TransformFactory> transforms;
    private final List<RegistryFactory> registries;
    private final List<FeatureFactory> features;

    private ComponentCatalog(List<SourceFactory> sources, List<SinkFactory> sinks,
                             List<TransformFactory> transforms, List<RegistryFactory> registries,
                             List<FeatureFactory> features) {
        this.sources = sorted(sources);
        this.sinks = sorted(sinks);
        this.transforms = sorted(transforms);
        this.registries = sorted(registries);
        this.features = sorted(features);
    }

    /** The factories the given class loader can see. */
    public static ComponentCatalog load(ClassLoader loader) {
        return new ComponentCatalog(
                load(SourceFactory.class, loader), load(SinkFactory.class, loader),
                load(TransformFactory.class, loader), load(RegistryFactory.class, loader),
                load(FeatureFactory.class, loader));
    }

    /** The factories visible to this class's loader. */
    public static ComponentCatalog load() {
        return load(ComponentCatalog.class.getClassLoader());
    }

    /** A catalog of exactly these factories, without features (tests, library users assembling their own). */
    public static ComponentCatalog of(List<SourceFactory> sources, List<SinkFactory> sinks,
                                      List<TransformFactory> transforms, List<RegistryFactory> registries) {
        return new ComponentCatalog(sources, sinks, transforms, registries, List.of());
    }

    /** A catalog of exactly these factories (tests, library users assembling their own). */
    public static ComponentCatalog of(List<SourceFactory> sources, List<SinkFactory> sinks,
                                      List<TransformFactory> transforms, List<RegistryFactory> registries,
                                      List<FeatureFactory> features) {
        return new ComponentCatalog(sources, sinks, transforms, registries, features);
    }

    public List<SourceFactory> sources() {
        return sources;
    }

    public List<SinkFactory> sinks() {
        return sinks;
    }

    public List<TransformFactory> transforms() {
        return transforms;
    }

    public List<RegistryFactory> registries() {
        return registries;
    }

    /** The {@code cdc_features} stages' factories. */
    public List<FeatureFactory> features() {
        return features;
    }

    public Optional<FeatureFactory> feature(String name) {
        return find(features, name);
    }

    public Optional<SourceFactory> source(String name) {
        return find(sources, name);
    }

    public Optional<SinkFactory> sink(String name) {
        return find(sinks, name);
    }

    public Optional<TransformFactory> transform(String name) {
        return find(transforms, name);
    }

    public Optional<RegistryFactory> registry(String name) {
        return find(registries, name);
    }

    /** Every component's spec, sources first, each kind by name. */
    public List<ComponentSpec> specs() {
        List<ComponentSpec> all = new ArrayList<>();
        sources.forEach(f -> all.add(f.spec()));
        sinks.forEach(f -> all.add(f.spec()));
        transforms.forEach(f -> all.add(f.spec()));
        registries.forEach(f -> all.add(f.spec()));
        features.forEach(f -> all.add(f.spec()));
        return Collections.unmodifiableList(all);
    }

    private static <F extends ComponentFactory<?>> Optional<F> find(List<F> factories, String name) {
        return factories.stream().filter(f -> f.spec().accepts(name)).findFirst();
    }

    private static <F> List<F> load(Class<F> type, ClassLoader loader) {
        List<F> out = new ArrayList<>();
        ServiceLoader.load(type, loader).forEach(out::add);
        return out;
    }

    private static <F extends ComponentFactory<?>> List<F> sorted(List<F> in) {
        List<F> copy = new ArrayList<>(in);
        copy.sort(Comparator.comparing(f -> f.spec().name()));
        return List.copyOf(copy);
    }
}
