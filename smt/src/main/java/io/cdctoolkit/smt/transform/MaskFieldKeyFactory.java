package io.cdctoolkit.smt.transform;

import io.cdctoolkit.smt.KeyVariantFactory;

/** {@code mask_field_key} (Kafka {@code MaskField$Key}): {@code mask_field} on the record key. */
public final class MaskFieldKeyFactory extends KeyVariantFactory {

    public MaskFieldKeyFactory() {
        super(new MaskFieldFactory(), "org.apache.kafka.connect.transforms.MaskField$Key");
    }
}
