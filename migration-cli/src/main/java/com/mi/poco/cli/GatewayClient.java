package com.mi.poco.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * HTTP to the gateway as ops. A 503 (a service restarting, or its database briefly down) and a
 * refused connection (the gateway restarting) are tried again with exponential backoff and jitter,
 * never sooner than the answer's {@code Retry-After}, for up to {@code patience} in all: every
 * request the CLI sends is safe to repeat (imports are idempotent, reads are reads).
 */
final class GatewayClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** Reads and small commands; an import part (minutes for 8 MiB) has its own, longer limit. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final URI gateway;
    private final String token;
    private final Duration patience;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Whether the last request had to be tried again (several threads send, so it is only a hint). */
    private volatile boolean waiting;

    GatewayClient(URI gateway, String token, Duration patience) {
        this.gateway = gateway;
        this.token = token;
        this.patience = patience;
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException {
        return send(HttpRequest.newBuilder(gateway.resolve(path)).header("Content-Type", contentType)
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    HttpResponse<String> postJson(String path, String json) throws IOException {
        return send(HttpRequest.newBuilder(gateway.resolve(path)).header("Content-Type", "application/json")
                .timeout(READ_TIMEOUT).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A GET that must answer 200: its body. */
    String get(String path) throws IOException {
        // an answer lost on the way (a service killed while it was answering) must not hold the CLI for good
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway.resolve(path)).timeout(READ_TIMEOUT).GET());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode() + ": " + detail(response.body()));
        }
        return response.body();
    }

    JsonNode getJson(String path) throws IOException {
        return JSON.readTree(get(path));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        request.header("Authorization", "Bearer " + token);
        long deadline = System.nanoTime() + patience.toNanos();
        IOException last;
        for (int attempt = 0; ; attempt++) {
            Duration retryAfter = Duration.ZERO;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 503) {
                    waiting = false;
                    return response;
                }
                last = new IOException("HTTP 503: " + detail(response.body()));
                retryAfter = response.headers().firstValueAsLong("Retry-After").stream()
                        .mapToObj(Duration::ofSeconds).findFirst().orElse(Duration.ZERO);
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Duration wait = max(retryAfter, backoff(attempt));
            if (System.nanoTime() + wait.toNanos() > deadline) {
                throw last;
            }
            if (attempt == 0 && !waiting) {
                // said once for each stretch of waiting, so that a gateway that is down is not a silent hang
                System.err.printf("migrate: %s: %s; trying again for up to %d min%n", gateway, last, patience.toMinutes());
            }
            waiting = true;
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** 0.5 s, 1 s, 2 s … up to 10 s, each less up to half of it at random. */
    private static Duration backoff(int attempt) {
        long exponential = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(attempt, 10));
        return Duration.ofMillis(exponential - (long) (exponential * 0.5 * ThreadLocalRandom.current().nextDouble()));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** What a problem+json answer says went wrong (its detail, and each field a validation refused); the body itself if it is none. */
    static String detail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            StringBuilder detail = new StringBuilder(problem.path("detail").asText(problem.path("title").asText(body)));
            // a validation problem names each field it refused: "1 field(s) are invalid: region is not a known region"
            String separator = ": ";
            for (JsonNode violation : problem.path("violations")) {
                detail.append(separator).append(violation.path("field").asText()).append(' ').append(violation.path("message").asText());
                separator = "; ";
            }
            return detail.toString();
        } catch (IOException notJson) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
