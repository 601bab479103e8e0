package io.cdctoolkit.smt;

import java.util.Objects;

/**
 * Who a transform is, for its errors: its name ({@code mask_field}) and where its entry is in the
 * config ({@code sources.pg.config.transforms[2]}).
 *
 * @param name    the transform's name, used as the stage name in errors, metrics and dead letters
 * @param keyPath the transform entry's key path; its options are under {@code keyPath + ".config"}
 */
public record TransformContext(String name, String keyPath) {

    public TransformContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyPath, "keyPath");
    }

    /** The key path of one of the transform's options ({@code null} = the config block itself). */
    public String optionPath(String option) {
        return option == null ? keyPath + ".config" : keyPath + ".config." + option;
    }
}
