package io.cdctoolkit.cli;

import io.cdctoolkit.engine.config.PipelineDefinition;
import io.cdctoolkit.engine.config.RoutedTable;
import io.cdctoolkit.engine.config.ToolkitConfig;
import io.cdctoolkit.schema.format.SchemaNames;
import io.cdctoolkit.schema.registry.SubjectStrategy;

import java.util.Optional;

/**
 * A table's schema names in the registry for {@code topics --schemas}: the top-level record names its
 * key and value schemas get ({@link SchemaNames}, the same in every format) and the subjects the
 * configured {@code subject_strategy} files them under.
 *
 * @param keyRecord    fully qualified name of the key schema ({@code <topic>.Key})
 * @param valueRecord  of the value schema ({@code <topic>.Envelope}), or empty when a transform may
 *                     change the value's shape (its name then depends on what the transform makes)
 * @param keySubject   the key's subject
 * @param valueSubject the value's subject, or empty when {@code valueRecord} is unknown and the strategy
 *                     needs it
 */
record TableSubjects(String keyRecord, Optional<String> valueRecord, String keySubject,
                     Optional<String> valueSubject) {

    /** The names of {@code table}'s schemas under {@code strategy}. */
    static TableSubjects of(RoutedTable table, ToolkitConfig config, SubjectStrategy strategy) {
        String topic = table.topic();
        String keyRecord = SchemaNames.safe(topic) + ".Key";
        // Readers write the Debezium envelope; a transform (e.g. one that flattens it) may turn the value
        // into another schema, whose name topics cannot know without running the pipeline.
        Optional<String> valueRecord = transformed(table, config) ? Optional.empty()
                : Optional.of(SchemaNames.safe(topic) + ".Envelope");
        Optional<String> valueSubject = strategy == SubjectStrategy.TOPIC
                ? Optional.of(strategy.subject(topic, false, null))
                : valueRecord.map(name -> strategy.subject(topic, false, name));
        return new TableSubjects(keyRecord, valueRecord, strategy.subject(topic, true, keyRecord), valueSubject);
    }

    private static boolean transformed(RoutedTable table, ToolkitConfig config) {
        boolean source = config.source(table.source()).map(s -> !s.transforms().isEmpty()).orElse(false);
        boolean pipeline = config.pipelines().values().stream()
                .filter(p -> p.enabled() && p.source().equals(table.source()))
                .map(PipelineDefinition::transforms).anyMatch(t -> !t.isEmpty());
        return source || pipeline;
    }
}
