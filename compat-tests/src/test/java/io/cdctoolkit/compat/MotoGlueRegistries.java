package io.cdctoolkit.compat;

import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.RegistryListItem;

/**
 * Glue registries on this JVM's moto_server for the tests. Glue (and moto) allow 10 registries per account, and each
 * test case creates its own: so the registries earlier cases left are deleted first. That is safe because the test
 * classes of one JVM run one after another (no parallel execution within a fork; each fork has its own moto_server).
 */
public final class MotoGlueRegistries {

    private MotoGlueRegistries() {
    }

    /** Creates registry {@code name}, after deleting every other registry but Glue's default one. */
    public static void create(GlueClient glue, String name) {
        for (RegistryListItem registry : glue.listRegistriesPaginator(b -> { }).registries()) {
            if (!"default-registry".equals(registry.registryName())) {
                glue.deleteRegistry(b -> b.registryId(r -> r.registryName(registry.registryName())));
            }
        }
        glue.createRegistry(b -> b.registryName(name));
    }
}
