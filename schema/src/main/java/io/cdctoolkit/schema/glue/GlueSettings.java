package io.cdctoolkit.schema.glue;

import io.cdctoolkit.schema.compat.CompatibilityLevel;

import java.net.URI;
import java.util.Objects;

/**
 * Settings of the {@code glue} registry mode.
 *
 * @param region        AWS region of the registry (e.g. {@code eu-west-1})
 * @param endpoint      endpoint override (a VPC endpoint, or moto in tests), or null for the region's
 * @param registryName  the Glue registry; it must exist ({@value #DEFAULT_REGISTRY} by default)
 * @param credentials   how to authenticate
 * @param compatibility the compatibility level of schemas this client creates (existing schemas keep theirs)
 * @param compression   payload compression in Glue framing
 * @param wireFormat    Glue framing, or standard framing with derived ids
 */
public record GlueSettings(String region, URI endpoint, String registryName, GlueCredentials credentials,
                           CompatibilityLevel compatibility, GlueCompression compression,
                           GlueWireFormat wireFormat) {

    /** The registry AWS's serde uses when none is configured. */
    public static final String DEFAULT_REGISTRY = "default-registry";

    public GlueSettings {
        Objects.requireNonNull(region, "region");
        if (region.isBlank()) throw new IllegalArgumentException("region is empty");
        if (registryName == null || registryName.isBlank()) registryName = DEFAULT_REGISTRY;
        if (credentials == null) credentials = GlueCredentials.defaultChain();
        if (compatibility == null) compatibility = CompatibilityLevel.BACKWARD;
        if (compression == null) compression = GlueCompression.NONE;
        if (wireFormat == null) wireFormat = GlueWireFormat.GLUE;
    }

    /** Defaults for a region: {@value #DEFAULT_REGISTRY}, default credentials chain, BACKWARD, no compression, Glue framing. */
    public static GlueSettings of(String region) {
        return new GlueSettings(region, null, null, null, null, null, null);
    }

    public GlueSettings withEndpoint(URI endpoint) {
        return new GlueSettings(region, endpoint, registryName, credentials, compatibility, compression, wireFormat);
    }

    public GlueSettings withRegistryName(String registryName) {
        return new GlueSettings(region, endpoint, registryName, credentials, compatibility, compression, wireFormat);
    }

    public GlueSettings withCredentials(GlueCredentials credentials) {
        return new GlueSettings(region, endpoint, registryName, credentials, compatibility, compression, wireFormat);
    }

    public GlueSettings withCompatibility(CompatibilityLevel compatibility) {
        return new GlueSettings(region, endpoint, registryName, credentials, compatibility, compression, wireFormat);
    }

    public GlueSettings withCompression(GlueCompression compression) {
        return new GlueSettings(region, endpoint, registryName, credentials, compatibility, compression, wireFormat);
    }

    public GlueSettings withWireFormat(GlueWireFormat wireFormat) {
        return new GlueSettings(region, endpoint, registryName, credentials, compatibility, compression, wireFormat);
    }

    /** For messages: registry, region and endpoint, never credentials' secrets. */
    public String describe() {
        return "Glue registry '" + registryName + "' in " + region + (endpoint == null ? "" : " at " + endpoint);
    }
}
