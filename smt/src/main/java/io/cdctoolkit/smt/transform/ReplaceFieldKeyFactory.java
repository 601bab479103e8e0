package io.cdctoolkit.smt.transform;

import io.cdctoolkit.smt.KeyVariantFactory;

/** {@code replace_field_key} (Kafka {@code ReplaceField$Key}): {@code replace_field} on the record key. */
public final class ReplaceFieldKeyFactory extends KeyVariantFactory {

    public ReplaceFieldKeyFactory() {
        super(new ReplaceFieldFactory(), "org.apache.kafka.connect.transforms.ReplaceField$Key");
    }
}
