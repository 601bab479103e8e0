package io.cdctoolkit.smt.transform;

import io.cdctoolkit.engine.spi.ConfigProblem;
import io.cdctoolkit.engine.spi.Options;
import io.cdctoolkit.smt.KeyVariantFactory;

import java.util.List;

/** {@code insert_field_key} (Kafka {@code InsertField$Key}): {@code insert_field} on the record key. */
public final class InsertFieldKeyFactory extends KeyVariantFactory {

    public InsertFieldKeyFactory() {
        super(new InsertFieldFactory(), "org.apache.kafka.connect.transforms.InsertField$Key");
    }

    @Override
    public List<ConfigProblem> validate(Options options) {
        return InsertFieldFactory.problems(options);
    }
}
