package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.smt.KeyVariantFactory;

import java.util.List;

/** {@code replace_field_key} (Kafka {@code ReplaceField$Key}): {@code replace_field} on the record key. */
public final class ReplaceFieldKeyFactory extends KeyVariantFactory {

    public ReplaceFieldKeyFactory() {
        super(new ReplaceFieldFactory(), "org.apache.kafka.connect.transforms.ReplaceField$Key");
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        return ReplaceFieldFactory.problems(options);
    }
}
