package io.cdctoolkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a server, which a test can take down and bring back on the same
 * port: the way to make a shared server (e.g. the in-memory Apicurio registry, which would forget
 * every schema if it were restarted) unreachable for one client and reachable again. While down,
 * connections are refused and open ones are cut. It can also be pointed at another server ({@link #retarget}).
 */
public final class TcpProxy implements AutoCloseable {

    private volatile String targetHost;
    private volatile int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    /** Starts a proxy on a free loopback port forwarding to {@code targetHost:targetPort}. */
    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = first.getLocalPort();
        start(first);
    }

    /** The proxy's port (the same while it is down and after it is back). */
    public int port() {
        return port;
    }

    /** Whether the proxy accepts connections now. */
    public boolean isUp() {
        return server != null;
    }

    /** Refuses new connections and cuts open ones. */
    public synchronized void down() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) s.close();
        for (Socket socket : open) closeQuietly(socket);
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void up() throws IOException {
        if (server != null) return;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        start(s);
    }

    /**
     * Sends new connections to {@code host:port} from now on and cuts the open ones: a virtual IP (or a DNS name)
     * moving to another server, as after a failover.
     */
    public synchronized void retarget(String host, int port) {
        targetHost = host;
        targetPort = port;
        for (Socket socket : open) closeQuietly(socket);
        open.clear();
    }

    private void start(ServerSocket s) {
        server = s;
        Thread acceptor = new Thread(() -> accept(s), "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket target = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(target);
                pump(client, target);
                pump(target, client);
            } catch (IOException e) {
                if (s.isClosed()) return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException cut) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
