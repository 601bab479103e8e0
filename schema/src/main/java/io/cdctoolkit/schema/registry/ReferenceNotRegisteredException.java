package io.cdctoolkit.schema.registry;

import io.cdctoolkit.schema.format.SchemaText;

/**
 * A schema's reference (a {@code .proto} file's import, an Avro named type, a JSON Schema's {@code $ref}d document) that
 * the registry does not hold, as given, under the subject named after it: a check cannot name it, so it is refused.
 */
public final class ReferenceNotRegisteredException extends IllegalArgumentException {

    /**
     * @param name       the reference's name, which is also its subject
     * @param referenced the referenced schema
     * @param registry   the registry, as it describes itself (never a secret)
     */
    public ReferenceNotRegisteredException(String name, SchemaText referenced, String registry) {
        super(ReferenceRefusedException.describe(referenced, name) + " is not registered under subject " + name + " in "
                + registry + " as it is here (a registry resolves a reference by a version of the subject named after"
                + " it): register it first — registering the schema registers its references there — or check it"
                + " against that subject on its own");
    }
}
