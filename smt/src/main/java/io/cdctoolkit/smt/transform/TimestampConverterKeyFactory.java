package io.cdctoolkit.smt.transform;

import io.cdctoolkit.smt.KeyVariantFactory;

/** {@code timestamp_converter_key} (Kafka's {@code TimestampConverter$Key}): the converter on the record key. */
public final class TimestampConverterKeyFactory extends KeyVariantFactory {

    /** For {@link java.util.ServiceLoader}. */
    public TimestampConverterKeyFactory() {
        super(new TimestampConverterFactory(), "org.apache.kafka.connect.transforms.TimestampConverter$Key");
    }
}
