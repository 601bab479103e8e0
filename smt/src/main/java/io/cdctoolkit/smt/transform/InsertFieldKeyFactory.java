package io.cdctoolkit.smt.transform;

import io.cdctoolkit.smt.KeyVariantFactory;

/** {@code insert_field_key} (Kafka {@code InsertField$Key}): {@code insert_field} on the record key. */
public final class InsertFieldKeyFactory extends KeyVariantFactory {

    public InsertFieldKeyFactory() {
        super(new InsertFieldFactory(), "org.apache.kafka.connect.transforms.InsertField$Key");
    }
}
