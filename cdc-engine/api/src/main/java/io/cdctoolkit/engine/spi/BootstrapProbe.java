package io.cdctoolkit.engine.spi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether anything listens at Kafka bootstrap addresses: for every component that talks to Kafka (the sink, a source
 * whose offsets are in Kafka, {@code tail}). Kafka's clients retry a refused connection until their timeout and then
 * report only the timeout ("Timed out waiting for a node assignment", "Failed to connect to and describe Kafka
 * cluster"), which reads the same as a listener that wants a login or TLS. One TCP connect per address tells "nothing
 * listens there" (a wrong port, brokers down) apart at once. Written by hand: no Kafka client API reports the refusal.
 */
public final class BootstrapProbe {

    /** {@code host:port} or {@code [ipv6]:port}, as Kafka's {@code Utils.getHost} / {@code getPort} read them. */
    private static final Pattern HOST_PORT = Pattern.compile(".*?\\[?([0-9a-zA-Z\\-%._:]*)\\]?:([0-9]+)");

    /** The longest wait for one address to accept or refuse; a filtered port (no answer at all) is left to Kafka. */
    public static final Duration MOST_PER_ADDRESS = Duration.ofSeconds(3);

    private BootstrapProbe() {
    }

    /**
     * A description of why nothing can be reached, when every bootstrap address refused the connection (or its host
     * name is unknown); empty as soon as one address accepts, or does not answer within {@code connectTimeout} (at
     * most {@link #MOST_PER_ADDRESS}): then Kafka's client knows better.
     *
     * @param bootstrapServers {@code host:port[,host:port…]} as Kafka's clients take it
     */
    public static Optional<String> nothingListens(String bootstrapServers, Duration connectTimeout) {
        int timeoutMs = (int) Math.max(1, Math.min(connectTimeout.toMillis(), MOST_PER_ADDRESS.toMillis()));
        List<String> refused = new ArrayList<>();
        for (String server : bootstrapServers.split(",")) {
            String address = server.trim();
            if (address.isEmpty()) continue;
            Matcher hostPort = HOST_PORT.matcher(address);
            // not host:port, or no port number: the client's own error says so
            if (!hostPort.matches() || hostPort.group(2).length() > 5) return Optional.empty();
            int port = Integer.parseInt(hostPort.group(2));
            if (port > 65535) return Optional.empty();
            Optional<String> why = refusal(hostPort.group(1), port, timeoutMs);
            if (why.isEmpty()) return Optional.empty();
            refused.add(address + " (" + why.get() + ")");
        }
        return refused.isEmpty() ? Optional.empty()
                : Optional.of("nothing accepts connections at " + String.join(", ", refused));
    }

    /** Why no address of {@code host} takes a connection on {@code port}; empty when one does, or may. */
    private static Optional<String> refusal(String host, int port, int timeoutMs) {
        InetAddress[] addresses;
        try {
            // Kafka's clients try every address of a name (client.dns.lookup=use_all_dns_ips), so this does too.
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("unknown host");
        }
        for (InetAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), timeoutMs);
                return Optional.empty();
            } catch (ConnectException e) {
                // refused (or no route): try the name's next address
            } catch (IOException e) {
                return Optional.empty(); // no answer within the wait: a firewall, or a slow network
            }
        }
        return Optional.of("connection refused");
    }
}
