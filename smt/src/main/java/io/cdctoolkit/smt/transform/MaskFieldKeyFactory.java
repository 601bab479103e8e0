package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.smt.KeyVariantFactory;

import java.util.List;

/** {@code mask_field_key} (Kafka {@code MaskField$Key}): {@code mask_field} on the record key. */
public final class MaskFieldKeyFactory extends KeyVariantFactory {

    public MaskFieldKeyFactory() {
        super(new MaskFieldFactory(), "org.apache.kafka.connect.transforms.MaskField$Key");
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        return MaskFieldFactory.problems(options);
    }
}
