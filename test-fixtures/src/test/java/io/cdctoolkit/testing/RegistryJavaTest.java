package io.cdctoolkit.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryJavaTest {

    @TempDir
    Path jvms;

    /** A fake JDK home: an executable bin/java and a release file, as JDK images have. */
    private Path jdk(String name, String javaVersion) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + javaVersion + "\"\n");
        return home;
    }

    @Test
    void scansTheJvmFolderForTheNewestJava21OrLater() throws IOException {
        Path java17 = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-21-jdk-amd64", "21.0.4");
        Path java25 = jdk("temurin-25-jdk-amd64", "25.0.3");

        assertThat(RegistryJava.find(Map.of(), java17, jvms))
                .contains(new RegistryJava(java25.resolve("bin/java"), 25));
    }

    @Test
    void findsNothingWhereOnlyOlderJavasAreInstalled() throws IOException {
        Path java17 = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("java-1.8.0-openjdk", "1.8.0_412");

        assertThat(RegistryJava.find(Map.of(), java17, jvms)).isEmpty();
        assertThat(RegistryJava.find(Map.of(), java17, jvms.resolve("missing"))).isEmpty();
    }

    @Test
    void theTestJvmItselfServesWhenItIs21OrLater() throws IOException {
        Path current = jdk("current", "21.0.1");
        jdk("temurin-25-jdk-amd64", "25.0.3");

        assertThat(RegistryJava.find(Map.of(), current, jvms)).map(RegistryJava::feature).contains(21);
    }

    @Test
    void theEnvironmentVariableWinsAsAHomeOrALauncher() throws IOException {
        Path java17 = jdk("java-17-openjdk-amd64", "17.0.15");
        Path java22 = jdk("elsewhere-22", "22");
        jdk("temurin-25-jdk-amd64", "25.0.3");

        assertThat(RegistryJava.find(Map.of(RegistryJava.ENV, java22.toString()), java17, jvms))
                .map(RegistryJava::feature).contains(22);
        assertThat(RegistryJava.find(Map.of(RegistryJava.ENV, java22.resolve("bin/java").toString()), java17, jvms))
                .map(RegistryJava::feature).contains(22);
    }

    @Test
    void anEnvironmentVariableNamingNoJava21IsAnError() throws IOException {
        Path java17 = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-25-jdk-amd64", "25.0.3");

        assertThatThrownBy(() -> RegistryJava.find(Map.of(RegistryJava.ENV, java17.toString()), java17, jvms))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(RegistryJava.ENV);
    }
}
