package io.cdctoolkit.cli;

import picocli.CommandLine;

/** {@code --version}: the jar's implementation version, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"cdc-toolkit " + (version == null ? "development" : version),
                "Java " + System.getProperty("java.version")};
    }
}
