package io.cdctoolkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdctoolkit.engine.config.ConfigScope;
import io.cdctoolkit.engine.config.HttpSettings;
import io.cdctoolkit.engine.config.ToolkitConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code status}: asks a running {@code run}'s http endpoint for {@code /status} and prints it as a table. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the pipelines of a running 'run' (its http: endpoint): state, readiness, counts, lag,"
                + " last committed position, last error. Exit 3 when it cannot be reached.")
final class StatusCommand implements Callable<Integer> {

    static final String DEFAULT_URL = "http://" + HttpSettings.DEFAULT_HOST + ":" + HttpSettings.DEFAULT_PORT;

    @CommandLine.ParentCommand
    CdcToolkitCommand parent;

    @CommandLine.Option(names = "--url", paramLabel = "URL", defaultValue = DEFAULT_URL,
            description = "The endpoint of the run (its http.host and http.port; default: ${DEFAULT-VALUE}).")
    String url;

    @CommandLine.Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Ask the endpoint of this config's http block (its host and port; with port 0 the one its"
                    + " run picked, recorded in the state folder) instead of --url.")
    Path config;

    @CommandLine.Option(names = "--json", description = "Print the /status JSON as it came.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CliEnvironment env = parent.environment();
        if (config != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--url")) {
                env.err().println("error: give --url or --config, not both");
                return ExitCodes.CONFIG_ERROR;
            }
            ConfigOption option = new ConfigOption();
            option.file = config;
            ToolkitConfig loaded = option.load(env, ConfigScope.of("http"));
            if (loaded == null) return ExitCodes.CONFIG_ERROR;
            Optional<HttpSettings> http = loaded.httpSettings();
            if (http.isEmpty()) {
                env.err().println("error: " + config + " has no http: block, so its run serves no /status"
                        + " (add one: docs/operations.md)");
                return ExitCodes.CONFIG_ERROR;
            }
            if (http.get().port() == 0) {
                EndpointFile recorded = EndpointFile.of(loaded);
                Optional<String> found;
                try {
                    found = recorded.read();
                } catch (IOException e) {
                    env.err().println("error: cannot read " + recorded.path() + ": " + describe(e));
                    return ExitCodes.CONFIG_ERROR;
                }
                if (found.isEmpty()) {
                    env.err().println("error: http.port is 0 in " + config + " and no run of it has recorded the port"
                            + " it picked (" + recorded.path() + "): is it running? Else give its endpoint with --url"
                            + " (run logs it)");
                    return ExitCodes.UNREACHABLE;
                }
                url = found.get();
            } else {
                url = endpoint(http.get(), http.get().port());
            }
        }
        URI uri;
        try {
            uri = URI.create(url.replaceAll("/+$", "") + "/status");
        } catch (IllegalArgumentException e) {
            env.err().println("error: --url " + url + " is not a URL: " + e.getMessage());
            return ExitCodes.CONFIG_ERROR;
        }
        HttpResponse<String> response;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            env.err().println("error: cannot reach " + uri + ": " + describe(e)
                    + " (is 'run' running with an http: block in its config?)");
            return ExitCodes.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.UNREACHABLE;
        }
        JsonNode body;
        try {
            if (response.statusCode() != 200) throw new IOException("HTTP " + response.statusCode());
            body = new ObjectMapper().readTree(response.body());
            if (!body.path("pipelines").isArray()) throw new IOException("no 'pipelines' in the answer");
        } catch (IOException e) {
            env.err().println("error: " + uri + " did not answer like cdc-toolkit's /status: " + e.getMessage());
            return ExitCodes.UNREACHABLE;
        }
        if (json) {
            env.out().println(body.toPrettyString());
        } else {
            print(env.out(), body);
        }
        return ExitCodes.OK;
    }

    /** Where a run with these settings, bound to {@code port}, answers from this machine: an any-address bind answers on loopback. */
    static String endpoint(HttpSettings http, int port) {
        String host = http.host();
        if (host.equals("0.0.0.0")) host = "127.0.0.1";
        if (host.equals("::") || host.equals("[::]")) host = "::1";
        if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
        return "http://" + host + ":" + port;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** One row per pipeline, then the last error of each pipeline that has one. */
    static void print(PrintStream out, JsonNode body) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PIPELINE", "STATE", "READY", "EVENTS IN", "RECORDS OUT", "SKIPPED", "DEAD LETTERS",
                "COMMIT LAG", "LAST COMMITTED"});
        for (JsonNode p : body.path("pipelines")) {
            JsonNode counts = p.path("counts");
            JsonNode lag = p.path("lag");
            rows.add(new String[] {p.path("pipeline").asText(), p.path("state").asText(),
                    p.path("ready").asBoolean() ? "yes" : "no", counts.path("events_in").asText(),
                    counts.path("records_out").asText(), counts.path("skipped").asText(),
                    counts.path("dead_lettered").asText(),
                    lag.path("commit_lag_events").asText() + " events, " + lag.path("commit_lag_seconds").asText() + " s",
                    position(p.path("last_committed"))});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        for (JsonNode p : body.path("pipelines")) {
            if (!p.path("ready").asBoolean(true) && p.hasNonNull("not_ready_because")) {
                out.println(p.path("pipeline").asText() + " is not ready: " + p.path("not_ready_because").asText());
            }
            JsonNode error = p.path("last_error");
            if (!error.isMissingNode()) {
                out.println(p.path("pipeline").asText() + " last error at " + error.path("at").asText() + ": "
                        + error.path("reason").asText());
            }
        }
    }

    private static String position(JsonNode offset) {
        if (offset.isEmpty()) return "-";
        StringBuilder sb = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = offset.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (sb.length() > 0) sb.append(',');
            sb.append(e.getKey()).append('=').append(e.getValue().asText());
        }
        return sb.toString();
    }
}
