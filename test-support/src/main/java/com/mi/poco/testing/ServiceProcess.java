package com.mi.poco.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A service as ops run it: its packaged jar ({@code target/quarkus-app/quarkus-run.jar}) in a JVM of
 * its own, on a free port, configured by environment variables. For tests of several instances and
 * of the whole platform; the process log is kept in the module's {@code target/}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, int managementPort, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    private static final Path PUBLIC_KEY = Tokens.publicKeyFile();

    /** Starts {@code module}'s packaged jar with {@code env} and waits until it reports ready. */
    public static ServiceProcess start(String module, String instance, Map<String, String> env) {
        ServiceProcess service = launch(module, instance, env);
        try {
            service.awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return service;
    }

    /** Starts {@code module}'s packaged jar with {@code env} and returns at once, for tests of start-up itself. */
    public static ServiceProcess launch(String module, String instance, Map<String, String> env) {
        Path root = Path.of(System.getProperty("poco.project.root", ".."));
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + module + " first (./mvnw package)");
        }
        try {
            int port = Ports.free();
            int managementPort = Ports.free();
            Path log = root.resolve(module).resolve("target").resolve(instance + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("POCO_JWT_PUBLIC_KEY", PUBLIC_KEY.toString()); // trusts Tokens' key pair
            builder.environment().putAll(env);
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            return new ServiceProcess(instance, builder.start(), port, managementPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Where its health and metrics are: the management interface, a port of its own. */
    public String managementUri() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** GETs {@code path} of the API as ops; the body of a 200, else an exception. */
    public String get(String path) {
        return get(baseUri(), path);
    }

    private String get(String base, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                            .header("Authorization", Tokens.bearer(Tokens.ops())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(name + " answered " + response.statusCode() + " to " + path);
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of a Prometheus counter or gauge whose line starts with {@code series}, 0 if absent. */
    public double metric(String series) {
        return get(managementUri(), "/q/metrics").lines()
                .filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * The lines of its log so far at level ERROR (the first line of each: a stack trace follows it). Quarkus'
     * default console format puts the level right after the time: {@code 2026-12-03 08:34:15,110 ERROR [...}.
     */
    public List<String> errorsLogged() throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.length() > 24 && line.startsWith("ERROR", 24)).toList();
        }
    }

    /** Whether its process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until it reports ready (at most two minutes); an exception if it exits or does not get there. */
    public void awaitReady() throws IOException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited during start-up; see " + log);
            }
            if (ready()) {
                return;
            }
            try {
                process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        close();
        throw new IOException(name + " not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** Whether it reports ready now; false while its management port does not answer yet. */
    public boolean ready() throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(managementUri() + "/q/health/ready")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
