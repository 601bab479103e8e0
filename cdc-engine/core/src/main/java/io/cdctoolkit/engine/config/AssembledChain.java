package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.Encoder;
import io.cdctoolkit.engine.spi.Stage;

import java.util.List;
import java.util.Objects;

/**
 * A pipeline's stages, in the order they run, and its encoder, created from the config exactly as
 * {@link PipelineAssembler#assemble} creates them for {@code run} (it is built from this): what
 * {@code cdc-toolkit bench} measures. Whoever gets it closes it (stages, then the encoder) unless it
 * hands them to a pipeline, which closes them itself.
 *
 * @param stages  transforms, then {@code cdc_features} encryption, deduplication and tombstones
 * @param encoder the encoder the {@code schema_registry} block configures
 */
public record AssembledChain(List<ConfiguredStage> stages, Encoder encoder) implements AutoCloseable {

    public AssembledChain {
        stages = List.copyOf(stages);
        Objects.requireNonNull(encoder, "encoder");
    }

    /** The stages alone, in run order. */
    public List<Stage> stageList() {
        return stages.stream().map(ConfiguredStage::stage).toList();
    }

    /** Closes every stage, then the encoder; a failing close does not keep the others open. */
    @Override
    public void close() {
        for (ConfiguredStage s : stages) {
            try {
                s.stage().close();
            } catch (Exception ignored) {
                // closing the rest matters more than one stage's close failure
            }
        }
        try {
            encoder.close();
        } catch (Exception ignored) {
            // nothing left to release after it
        }
    }
}
