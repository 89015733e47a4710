package com.mi.poco.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/** What every service's tests do as a client: unique ids, NDJSON bodies, imports. */
public final class Api {

    /** How long a test waits for an asynchronous result (an event through the broker). */
    public static final Duration ASYNC = Duration.ofSeconds(30);

    /**
     * A prefix that keeps one test's ids apart from every other test's: 48 random bits. (32 were too
     * few: TwoInstancesIT draws 13,000 entry ids in one import, and two of them alike, about one run
     * in fifty, rejected a line as a conflicting redelivery.)
     */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static String ndjson(String... lines) {
        return Arrays.stream(lines).collect(Collectors.joining("\n", "", "\n"));
    }

    /** POSTs an NDJSON body (as bytes: RestAssured has no encoder for the media type). */
    public static ValidatableResponse postNdjson(String path, String body) {
        return given().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .when().post(path)
                .then();
    }

    private Api() {
    }
}
