package io.cdctoolkit.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ApicurioRegistryTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesApicurio333OnBothApis() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();

        assertThat(get(registry.nativeV3Url() + "/system/info").body()).contains("\"version\":\"" + ApicurioRegistry.VERSION + "\"");
        assertThat(get(registry.ccompatUrl() + "/subjects").statusCode()).isEqualTo(200);
        // For the report: how long the server took and what it holds in memory.
        Path status = Path.of("/proc", Long.toString(registry.process().pid()), "status");
        String rss = Files.isReadable(status)
                ? Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS")).findFirst().orElse("")
                : "";
        System.out.println("Apicurio Registry ready in " + registry.startupTime().toMillis() + " ms; " + rss);
    }

    @Test
    void setsTheGlobalAndASubjectsCompatibilityLevel() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.shared();
        String subject = ApicurioRegistry.uniqueSubject("fixture");

        registry.setGlobalCompatibility("FULL");
        assertThat(get(registry.ccompatUrl() + "/config").body()).contains("\"FULL\"");
        registry.setSubjectCompatibility(subject, "FORWARD_TRANSITIVE");
        assertThat(get(registry.ccompatUrl() + "/config/" + subject).body()).contains("\"FORWARD_TRANSITIVE\"");
        registry.setGlobalCompatibility("BACKWARD");
        assertThat(get(registry.ccompatUrl() + "/config").body()).contains("\"BACKWARD\"");
    }

    @Test
    void uniqueSubjectsDiffer() {
        assertThat(ApicurioRegistry.uniqueSubject("t")).startsWith("t-").isNotEqualTo(ApicurioRegistry.uniqueSubject("t"));
    }
}
