package io.cdctoolkit.schema.registry;

import io.cdctoolkit.engine.data.RowSchema;
import io.cdctoolkit.schema.format.DerivedSchema;
import io.cdctoolkit.schema.format.SchemaFormat;
import io.cdctoolkit.schema.format.SchemaText;

import java.util.List;
import java.util.Optional;

/**
 * The schema a table version is registered under, for formats whose next version follows the previous one
 * ({@link SchemaFormat#followsPreviousVersion()}: Protobuf's field numbers). One place for the encoder and for the
 * commands that print what it would register ({@code schema derive}, {@code topics --schemas}):
 * <ol>
 *   <li>no version under the subject yet: the schema derived from the row schema alone;</li>
 *   <li>the latest version is this table version (derived against it, it gives itself back): the latest;</li>
 *   <li>an earlier version is (a change of an older table version replayed after a restart, or a table changed back):
 *       that version, so that its records keep the id they had rather than registering the old columns again under
 *       new numbers;</li>
 *   <li>else the next version of the latest.</li>
 * </ol>
 * Formats that do not follow the previous version derive from the row schema alone, asking the registry nothing.
 */
public final class SubjectDerivation {

    private SubjectDerivation() {
    }

    /**
     * @throws IllegalArgumentException when the row schema cannot be expressed in the format, or a registered version
     *                                  cannot be read as a schema of it
     * @throws io.cdctoolkit.engine.spi.RetryableException the registry cannot be reached now
     */
    public static DerivedSchema derive(SchemaFormat format, SchemaRegistrar registrar, String topic, boolean key,
                                       RowSchema schema) {
        DerivedSchema first = format.derive(topic, key, schema);
        if (!format.followsPreviousVersion()) return first;
        Optional<SchemaText> latest = registrar.latest(topic, key, first.recordName());
        if (latest.isEmpty()) return first;
        DerivedSchema next = format.derive(topic, key, schema, latest.get());
        if (format.sameSchema(next.text(), latest.get())) return new DerivedSchema(latest.get(), next.recordName());
        List<SchemaText> versions = registrar.versions(topic, key, first.recordName());
        for (SchemaText earlier : versions.subList(Math.min(1, versions.size()), versions.size())) {
            if (earlier.type() != next.text().type()) continue;
            DerivedSchema again = format.derive(topic, key, schema, earlier);
            if (format.sameSchema(again.text(), earlier)) return new DerivedSchema(earlier, again.recordName());
        }
        return next;
    }
}
