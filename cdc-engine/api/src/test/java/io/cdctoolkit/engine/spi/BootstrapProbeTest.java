package io.cdctoolkit.engine.spi;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BootstrapProbeTest {

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void everyAddressRefusingIsNamed() throws Exception {
        int a = closedPort();
        int b = closedPort();

        assertThat(BootstrapProbe.nothingListens("127.0.0.1:" + a + ", 127.0.0.1:" + b, Duration.ofSeconds(30)))
                .hasValue("nothing accepts connections at 127.0.0.1:" + a + " (connection refused), 127.0.0.1:" + b
                        + " (connection refused)");
    }

    @Test
    void oneAddressThatAcceptsIsEnoughForKafkasClientToDecide() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String servers = "127.0.0.1:" + closedPort() + ",127.0.0.1:" + listening.getLocalPort();

            assertThat(BootstrapProbe.nothingListens(servers, Duration.ofSeconds(30))).isEmpty();
        }
    }

    @Test
    void whatIsNotHostAndPortIsLeftToKafkasOwnError() {
        assertThat(BootstrapProbe.nothingListens("localhost", Duration.ofSeconds(30))).isEmpty();
        assertThat(BootstrapProbe.nothingListens("localhost:99999", Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void anIpv6AddressInBracketsIsProbed() throws Exception {
        int port;
        ServerSocket ipv6;
        try {
            ipv6 = new ServerSocket(0, 1, InetAddress.getByName("::1"));
        } catch (IOException e) {
            Assumptions.abort("this machine has no IPv6 loopback: " + e);
            return;
        }
        try (ServerSocket socket = ipv6) {
            port = socket.getLocalPort();
            assertThat(BootstrapProbe.nothingListens("[::1]:" + port, Duration.ofSeconds(30))).isEmpty();
        }
        assertThat(BootstrapProbe.nothingListens("[::1]:" + port, Duration.ofSeconds(30)))
                .hasValue("nothing accepts connections at [::1]:" + port + " (connection refused)");
    }
}
