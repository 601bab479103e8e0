package io.cdctoolkit.smt.transform;

import io.cdctoolkit.smt.KeyVariantFactory;

/** {@code cast_key} (Kafka's {@code Cast$Key}): {@code cast} on the record key. */
public final class CastKeyFactory extends KeyVariantFactory {

    /** For {@link java.util.ServiceLoader}. */
    public CastKeyFactory() {
        super(new CastFactory(), "org.apache.kafka.connect.transforms.Cast$Key");
    }
}
