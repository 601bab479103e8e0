package io.cdctoolkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a Java 21+ runtime for servers that need one (Apicurio Registry 3.x) while the tests run on
 * Java 17: {@value #ENV} (a JDK/JRE home or its {@code bin/java}), else the test JVM itself when it
 * is 21+, else the newest 21+ JDK in the system's JVM folder ({@code /usr/lib/jvm}).
 *
 * @param executable the {@code java} launcher
 * @param feature    its feature version (21, 25 …)
 */
public record RegistryJava(Path executable, int feature) {

    /** Environment variable naming the Java 21+ to run the registry with. */
    public static final String ENV = "CDC_REGISTRY_JAVA";

    /** The lowest Java feature version Apicurio Registry 3.x runs on. */
    public static final int MINIMUM = 21;

    static final Path SYSTEM_JVM_FOLDER = Path.of("/usr/lib/jvm");

    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final Pattern VERSION_OUTPUT = Pattern.compile("version \"(\\d+)");

    /** Why nothing was found, for a test's skip message. */
    static String notFoundMessage(Path jvmFolder) {
        return "no Java " + MINIMUM + "+ to run Apicurio Registry: set " + ENV + " to a Java " + MINIMUM
                + "+ home, or install one under " + jvmFolder + " (.ci/run installs one where the package manager has it)";
    }

    /** The Java 21+ to use on this machine, if any. */
    public static Optional<RegistryJava> find() {
        return find(System.getenv(), Path.of(System.getProperty("java.home")), SYSTEM_JVM_FOLDER);
    }

    /**
     * @throws IllegalStateException when {@value #ENV} is set but names no Java 21+ (a mistake worth
     *                               failing on rather than skipping tests silently)
     */
    static Optional<RegistryJava> find(Map<String, String> env, Path currentJavaHome, Path jvmFolder) {
        String configured = env.get(ENV);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured.trim());
            Path bin = path.getParent();
            Path home = Files.isDirectory(path) || bin == null || bin.getParent() == null ? path : bin.getParent();
            return Optional.of(at(home).filter(j -> j.feature >= MINIMUM).orElseThrow(() -> new IllegalStateException(
                    ENV + "=" + configured + " is not a Java " + MINIMUM + "+ home or launcher")));
        }
        Optional<RegistryJava> current = at(currentJavaHome).filter(j -> j.feature >= MINIMUM);
        if (current.isPresent()) return current;
        if (!Files.isDirectory(jvmFolder)) return Optional.empty();
        try (Stream<Path> homes = Files.list(jvmFolder)) {
            List<Path> sorted = homes.sorted().toList();
            return sorted.stream()
                    .map(RegistryJava::at)
                    .flatMap(Optional::stream)
                    .filter(j -> j.feature >= MINIMUM)
                    .max(Comparator.comparingInt(RegistryJava::feature));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The Java installed at {@code home}, if {@code home/bin/java} exists and its version can be told. */
    static Optional<RegistryJava> at(Path home) {
        Path java = home.resolve("bin").resolve("java");
        if (!Files.isExecutable(java) || Files.isDirectory(java)) return Optional.empty();
        return featureVersion(home, java).map(v -> new RegistryJava(java, v));
    }

    // The `release` file answers without starting a JVM; `java -version` covers homes without one.
    private static Optional<Integer> featureVersion(Path home, Path java) {
        Path release = home.resolve("release");
        try {
            if (Files.isRegularFile(release)) {
                Matcher m = RELEASE_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
                if (m.find()) return Optional.of(feature(m.group(1)));
            }
            Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
            Matcher m = VERSION_OUTPUT.matcher(out);
            return m.find() ? Optional.of(feature(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    // "1.8" style versions are all below 21; "17", "21", "25" are feature versions.
    private static int feature(String leading) {
        int v = Integer.parseInt(leading);
        return v == 1 ? 8 : v;
    }
}
