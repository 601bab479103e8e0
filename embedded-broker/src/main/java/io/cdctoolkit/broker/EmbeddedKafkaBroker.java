package io.cdctoolkit.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker (combined KRaft broker and controller) running inside this JVM, for the
 * quickstart and local experiments: {@code bootstrap_servers: embedded}. It uses Kafka's production
 * classes — storage formatted with {@link StorageTool}, served by {@link KafkaRaftServer} — over a
 * data directory that survives restarts, so a later {@code tail --bootstrap embedded} can start it
 * again over the same records.
 *
 * <p>The broker listens on {@code 127.0.0.1:<port>} (plaintext, no authentication); the controller on
 * a free loopback port chosen at each start. Not for production: one replica, no security, and Kafka
 * halts the JVM on fatal storage faults.
 *
 * <p>While it runs, the process that started it holds a lock on {@value #OWNER_LOCK} in the data
 * directory and describes the broker in {@value #OWNER_FILE} (pid, port, cluster id): that is how
 * {@link EmbeddedBrokerLease} tells this toolkit's broker from any other process on the port.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Path.of(".cdc-toolkit/embedded-kafka"), 19092)) {
 *     String bootstrap = broker.start();   // "127.0.0.1:19092"
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Locked by the process running the broker over a data directory, for as long as it runs. */
    static final String OWNER_LOCK = "owner.lock";
    /** The running broker's identity: {@code pid}, {@code port}, {@code cluster.id}. */
    static final String OWNER_FILE = "owner.properties";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    /** The brokers this JVM runs, by data directory (a second lock on the same file in one JVM is not possible). */
    private static final Map<Path, EmbeddedKafkaBroker> RUNNING_HERE = new ConcurrentHashMap<>();

    private final Path dataDir;
    private final int port;
    private KafkaRaftServer server;
    private FileChannel ownerChannel;
    private FileLock ownerLock;

    /**
     * @param dataDir where the broker keeps its log and metadata (created if missing, kept on close)
     * @param port    broker port on 127.0.0.1
     */
    public EmbeddedKafkaBroker(Path dataDir, int port) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        this.port = port;
    }

    /**
     * Formats the data directory on first use, starts the broker and waits until it accepts clients.
     *
     * @return the bootstrap address, {@code 127.0.0.1:<port>}
     * @throws IllegalStateException when the port is taken or the directory is in use by another broker
     */
    public synchronized String start() throws Exception {
        if (server != null) return bootstrapServers();
        if (isListening(port)) {
            throw new IllegalStateException("cannot start the embedded Kafka broker: port " + port
                    + " on " + HOST + " is already in use (another cdc-toolkit with an embedded broker?); "
                    + "choose another embedded_port or stop the other process");
        }
        Files.createDirectories(dataDir);
        lockOwnership();
        try {
            startServer();
            writeIdentity();
        } catch (Exception | Error e) {
            if (server != null) close(); // stops it and releases the directory
            else releaseOwnership();
            throw e;
        }
        RUNNING_HERE.put(dataDir, this);
        LOG.info("Embedded Kafka broker listening on {} (data in {})", bootstrapServers(), dataDir);
        return bootstrapServers();
    }

    private void startServer() throws Exception {
        Properties props = brokerProperties(freePort());
        Path configFile = dataDir.resolve("server.properties");
        writeConfig(props, configFile);
        format(configFile);
        KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        boolean started = false;
        try {
            raftServer.startup(); // returns once the broker is unfenced and serving
            started = true;
        } finally {
            if (!started) {
                raftServer.shutdown();
                raftServer.awaitShutdown();
            }
        }
        server = raftServer;
    }

    /** Takes the data directory's owner lock, or fails naming the process that holds it. */
    private void lockOwnership() throws IOException {
        if (RUNNING_HERE.containsKey(dataDir)) {
            throw new IllegalStateException("the embedded Kafka broker over " + dataDir + " already runs in this process");
        }
        FileChannel channel = FileChannel.open(dataDir.resolve(OWNER_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("cannot start the embedded Kafka broker: " + dataDir
                    + " is in use by another process's embedded broker"
                    + readOwner(dataDir).map(o -> " (pid " + o.pid() + ", port " + o.port() + ")").orElse(""));
        }
        ownerChannel = channel;
        ownerLock = lock;
    }

    private void writeIdentity() throws IOException {
        Properties owner = new Properties();
        owner.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        owner.setProperty("port", Integer.toString(port));
        owner.setProperty("cluster.id", clusterId());
        Path tmp = dataDir.resolve(OWNER_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            owner.store(out, "The embedded broker running over this directory; written and removed by its process");
        }
        Files.move(tmp, dataDir.resolve(OWNER_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void releaseOwnership() {
        RUNNING_HERE.remove(dataDir, this);
        try {
            Files.deleteIfExists(dataDir.resolve(OWNER_FILE));
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dataDir.resolve(OWNER_FILE), e.toString());
        }
        try {
            if (ownerLock != null) ownerLock.release();
            if (ownerChannel != null) ownerChannel.close();
        } catch (IOException e) {
            LOG.debug("cannot release the owner lock of {}: {}", dataDir, e.toString());
        } finally {
            ownerLock = null;
            ownerChannel = null;
        }
    }

    /**
     * A running embedded broker over {@code dataDir}, as its owner describes it.
     *
     * @param pid       the process running it
     * @param port      its port on 127.0.0.1
     * @param clusterId the cluster id its storage was formatted with
     */
    public record Owner(long pid, int port, String clusterId) {
    }

    /**
     * The broker running over {@code dataDir} — in this process or another one holding its owner lock —
     * or empty when none runs (a crashed owner's lock is released by the operating system).
     */
    public static Optional<Owner> runningOwner(Path dataDir) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        EmbeddedKafkaBroker here = RUNNING_HERE.get(dir);
        if (here != null) return Optional.of(new Owner(ProcessHandle.current().pid(), here.port, here.clusterId()));
        Path lockFile = dir.resolve(OWNER_LOCK);
        if (!Files.exists(lockFile)) return Optional.empty();
        // Not locked by this JVM (RUNNING_HERE), so probing with a channel of our own releases nobody's lock.
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
        }
        // Locked by a process that may still be starting its broker: its identity follows.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Optional<Owner> owner = readOwner(dir);
            if (owner.isPresent() || System.nanoTime() > deadline) return owner;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return owner;
            }
        }
    }

    private static Optional<Owner> readOwner(Path dir) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(OWNER_FILE))) {
            p.load(in);
            return Optional.of(new Owner(Long.parseLong(p.getProperty("pid")), Integer.parseInt(p.getProperty("port")),
                    p.getProperty("cluster.id")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The directory holding the broker's log and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether {@link #start()} succeeded and {@link #close()} has not been called. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker cleanly; the data directory stays for the next start. */
    @Override
    public synchronized void close() {
        if (server == null) return;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
            releaseOwnership();
        }
    }

    /** Whether something accepts TCP connections on {@code 127.0.0.1:port} (e.g. a running embedded broker). */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Properties brokerProperties(int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("logs").toString());
        // One node: every internal topic must make do with one replica, or clients wait forever.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("unstable.api.versions.enable", "false");
        p.setProperty("unstable.feature.versions.enable", "false");
        // Modest memory inside someone else's JVM: the cleaner's default 128 MiB dedupe buffer is for servers.
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        return p;
    }

    private static void writeConfig(Properties props, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "Written by cdc-toolkit at each start of the embedded broker; edits are overwritten");
        }
    }

    /** Formats the directory with Kafka's own storage tool; a no-op when it is already formatted. */
    private void format(Path configFile) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(new String[] {
                "format", "--config", configFile.toString(), "--cluster-id", clusterId(),
                "--ignore-formatted"}, out);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot format the embedded Kafka broker's storage in " + dataDir
                    + ": " + e.getMessage(), e);
        }
        String output = buffer.toString(StandardCharsets.UTF_8).trim();
        if (exit != 0) {
            throw new IllegalStateException("cannot format the embedded Kafka broker's storage in " + dataDir
                    + " (exit " + exit + "): " + output);
        }
        LOG.debug("kafka-storage format: {}", output);
    }

    /** The id the directory was formatted with, so re-formatting is a no-op; a new one the first time. */
    private String clusterId() {
        Path meta = dataDir.resolve("logs").resolve("meta.properties");
        if (!Files.exists(meta)) return Uuid.randomUuid().toString();
        Properties existing = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            existing.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        String id = existing.getProperty("cluster.id");
        if (id == null) throw new IllegalStateException(meta + " has no cluster.id: delete " + dataDir + " to start afresh");
        return id;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port for the embedded controller", e);
        }
    }
}
