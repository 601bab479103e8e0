package io.cdctoolkit.compat.smt;

/**
 * What {@link ParityAssertions} leaves out when it compares our record with Connect's. Start from
 * {@link #STRICT} and opt out one aspect at a time; every opt-out a parity test uses must be a
 * difference documented in docs/transforms.md (the transform's "Differences from Kafka").
 *
 * @param ignoreSchemaNames   do not compare the names of struct schemas (logical type names such as
 *                            {@code org.apache.kafka.connect.data.Decimal} or
 *                            {@code io.debezium.data.Uuid} are always compared: they are types)
 * @param ignoreSchemaVersion do not compare schema versions
 * @param ignoreDefaults      do not compare schema default values
 * @param ignoreDocs          do not compare schema docs
 */
record Comparison(boolean ignoreSchemaNames, boolean ignoreSchemaVersion, boolean ignoreDefaults, boolean ignoreDocs) {

    /** Compares everything. */
    static final Comparison STRICT = new Comparison(false, false, false, false);

    /** This comparison, not comparing struct schema names. */
    Comparison ignoringSchemaNames() {
        return new Comparison(true, ignoreSchemaVersion, ignoreDefaults, ignoreDocs);
    }

    /** This comparison, not comparing schema versions. */
    Comparison ignoringSchemaVersion() {
        return new Comparison(ignoreSchemaNames, true, ignoreDefaults, ignoreDocs);
    }

    /** This comparison, not comparing schema defaults. */
    Comparison ignoringDefaults() {
        return new Comparison(ignoreSchemaNames, ignoreSchemaVersion, true, ignoreDocs);
    }

    /** This comparison, not comparing schema docs. */
    Comparison ignoringDocs() {
        return new Comparison(ignoreSchemaNames, ignoreSchemaVersion, ignoreDefaults, true);
    }
}
