package io.cdctoolkit.engine.config;

import io.cdctoolkit.engine.spi.Stage;

import java.util.Objects;

/**
 * One stage of a pipeline with the name its configuration gives it, for what a user reads
 * ({@code cdc-toolkit bench}): {@code transforms[2] mask_field} (a source's transform),
 * {@code pipelines.p.transforms[0] filter} (a pipeline's), {@code cdc_features.encryption}.
 *
 * @param label where the stage is configured, relative to its source's {@code config} block
 * @param stage the stage
 */
public record ConfiguredStage(String label, Stage stage) {

    public ConfiguredStage {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(stage, "stage");
    }
}
