package io.cdctoolkit.sinks.kafka;

import org.junit.jupiter.api.Test;

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
    }
}
