package io.cdctoolkit.smt.transform;

import io.cdctoolkit.smt.KeyVariantFactory;

/** {@code flatten_key} (Kafka's {@code org.apache.kafka.connect.transforms.Flatten$Key}). */
public final class FlattenKeyFactory extends KeyVariantFactory {

    /** For the {@link java.util.ServiceLoader}. */
    public FlattenKeyFactory() {
        super(new FlattenFactory(), "org.apache.kafka.connect.transforms.Flatten$Key");
    }
}
