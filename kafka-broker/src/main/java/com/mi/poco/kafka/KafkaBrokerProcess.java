package com.mi.poco.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * A single-node KRaft Apache Kafka broker in a child JVM, started from the jars that this module
 * copies to {@code target/lib}. Used by the tests (one broker per test JVM) and by {@code bin/stack}
 * (one broker for the local stack, left running after the launcher exits).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final String READY_LINE = "Kafka Server started";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String HEAP = "-Xmx512m";

    private final Process process;
    private final Settings settings;
    private final int port;
    private final int controllerPort;
    /** Where this start's lines begin in the log, which keeps those of the starts before (a crash's among them). */
    private final long logStart;

    private KafkaBrokerProcess(Process process, Settings settings, int port, int controllerPort, long logStart) {
        this.process = process;
        this.settings = settings;
        this.port = port;
        this.controllerPort = controllerPort;
        this.logStart = logStart;
    }

    /** Where and how to run the broker. {@code port} 0 picks free ports. */
    public record Settings(Path libDir, Path dataDir, Path logFile, int port, int partitions) {

        public static Settings forTests(Path dataDir) {
            return new Settings(defaultLibDir(), dataDir, dataDir.resolve("broker.log"), 0, 3);
        }
    }

    /** Starts the broker and returns once it accepts clients; fails with the log's path otherwise. */
    public static KafkaBrokerProcess start(Settings settings) throws IOException {
        int port = settings.port() == 0 ? FreePorts.pick() : requireFree(settings.port());
        return start(settings, port, FreePorts.pick());
    }

    /** Starts this broker again after {@link #close()}: same ports, same data (for outage tests). */
    public KafkaBrokerProcess restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("the broker is still running");
        }
        return start(settings, requireFree(port), requireFree(controllerPort));
    }

    private static KafkaBrokerProcess start(Settings settings, int port, int controllerPort) throws IOException {
        Path dataDir = Files.createDirectories(settings.dataDir());
        Path logDir = dataDir.resolve("log");
        Path config = writeConfig(dataDir, logDir, port, controllerPort, settings.partitions());
        Path log4j = dataDir.resolve("log4j2.properties");
        try (InputStream in = KafkaBrokerProcess.class.getResourceAsStream("/kafka-log4j2.properties")) {
            Files.copy(in, log4j, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(settings.logFile().toAbsolutePath().getParent());
        long logStart = Files.exists(settings.logFile()) ? Files.size(settings.logFile()) : 0;
        Files.writeString(settings.logFile(), "=== broker starting at " + Instant.now() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Process format = new ProcessBuilder(javaCommand(settings.libDir(), log4j, "kafka.tools.StorageTool",
                    "format", "-t", clusterId(), "-c", config.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                    .start();
            if (!waitFor(format, READY_TIMEOUT) || format.exitValue() != 0) {
                throw new IOException("Kafka storage format failed; see " + settings.logFile());
            }
        }
        Process broker = new ProcessBuilder(javaCommand(settings.libDir(), log4j, "kafka.Kafka", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
                .start();
        KafkaBrokerProcess started = new KafkaBrokerProcess(broker, settings, port, controllerPort, logStart);
        started.awaitReady();
        return started;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return settings.logFile();
    }

    /** Stops the broker with SIGTERM (a clean shutdown), and kills it if it does not stop in time. */
    @Override
    public void close() {
        process.destroy();
        if (!waitFor(process, STOP_TIMEOUT)) {
            process.destroyForcibly();
            waitFor(process, STOP_TIMEOUT);
        }
    }

    private void awaitReady() throws IOException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("Kafka broker exited with " + process.exitValue() + " during start-up; see " + logFile());
            }
            if (logContains(READY_LINE) && accepts(port)) {
                return;
            }
            pause();
        }
        close();
        throw new IOException("Kafka broker not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + logFile());
    }

    /** Whether this start's part of the log holds {@code text}. */
    private boolean logContains(String text) throws IOException {
        try (SeekableByteChannel log = Files.newByteChannel(logFile())) {
            log.position(logStart);
            return new String(Channels.newInputStream(log).readAllBytes(), StandardCharsets.UTF_8).contains(text);
        }
    }

    private static Path writeConfig(Path dataDir, Path logDir, int port, int controllerPort, int partitions)
            throws IOException {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logDir.toAbsolutePath(),
                "num.partitions=" + partitions,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=" + partitions,
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
        Path file = dataDir.resolve("server.properties");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> javaCommand(Path libDir, Path log4j, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                "-cp", libDir.toAbsolutePath() + "/*",
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** Kafka cluster ids are 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    /**
     * The broker's jars: {@code -Dkafka.broker.lib}, else {@code target/lib} beside this class
     * (its {@code target/classes} or its jar), else under {@code -Dpoco.project.root}.
     */
    public static Path defaultLibDir() {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getProperty("kafka.broker.lib");
        if (explicit != null) {
            candidates.add(Path.of(explicit));
        }
        try {
            Path location = Path.of(KafkaBrokerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            candidates.add(location.getParent().resolve("lib"));
        } catch (URISyntaxException | RuntimeException unknown) {
            // no code source: fall through to the project root
        }
        String root = System.getProperty("poco.project.root");
        if (root != null) {
            candidates.add(Path.of(root, "kafka-broker", "target", "lib"));
        }
        return candidates.stream()
                .filter(KafkaBrokerProcess::holdsBroker)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Kafka broker jars not found in " + candidates
                        + "; build them with: ./mvnw -pl kafka-broker package"));
    }

    private static boolean holdsBroker(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException | RuntimeException missing) {
            return false;
        }
    }

    private static int requireFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return port;
        } catch (IOException taken) {
            throw new IOException("port " + port + " is already in use; stop what holds it or choose another port");
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) POLL.toMillis());
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code bin/stack}'s entry point: starts a broker that outlives this JVM, writes its pid, and
     * exits 0 once it is ready (1 with the reason otherwise).
     * Arguments: {@code --port N --data DIR --log FILE --pid-file FILE [--partitions N]}.
     */
    public static void main(String[] args) {
        try {
            Path data = Path.of(option(args, "--data", ".stack/kafka"));
            Settings settings = new Settings(defaultLibDir(), data,
                    Path.of(option(args, "--log", data.resolve("broker.log").toString())),
                    Integer.parseInt(option(args, "--port", "9092")),
                    Integer.parseInt(option(args, "--partitions", "3")));
            KafkaBrokerProcess broker = start(settings);
            Files.writeString(Path.of(option(args, "--pid-file", data.resolve("kafka.pid").toString())),
                    Long.toString(broker.pid()));
            System.out.println(broker.bootstrapServers());
        } catch (IOException | RuntimeException failure) {
            System.err.println("kafka: " + failure.getMessage());
            System.exit(1);
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
