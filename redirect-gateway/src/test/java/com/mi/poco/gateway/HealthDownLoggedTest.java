package com.mi.poco.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;

import com.mi.poco.testing.CapturedLogs;
import com.mi.poco.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Readiness probed 30 times while a check is down answers 503 each time and puts one line in the log,
 * not 30 (module {@code web}'s {@code HealthDownLog}, on every service); another check going down is
 * logged at once. The checks here are the test's own, UP unless it says otherwise.
 */
@QuarkusTest
class HealthDownLoggedTest {

    @Readiness
    @ApplicationScoped
    static class FirstSwitch implements HealthCheck {
        static volatile boolean down;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("test-switch-1").status(!down).build();
        }
    }

    @Readiness
    @ApplicationScoped
    static class SecondSwitch implements HealthCheck {
        static volatile boolean down;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("test-switch-2").status(!down).build();
        }
    }

    @AfterEach
    void upAgain() {
        FirstSwitch.down = false;
        SecondSwitch.down = false;
    }

    @Test
    void aCheckDownIsLoggedOnceNotOnEveryProbe() {
        // the gateway's own checks (its warm-up, its route table) are UP first: only the test's switches change
        await().atMost(Duration.ofSeconds(90))
                .until(() -> given().when().get(Management.url("/q/health/ready")).statusCode() == 200);
        try (CapturedLogs logs = CapturedLogs.start()) {
            FirstSwitch.down = true;
            probeDown(30);
            assertThat(downReports(logs), hasSize(1));

            SecondSwitch.down = true;
            probeDown(30);
            List<String> reports = downReports(logs);
            assertThat(reports, hasSize(2));
            assertThat(reports.get(1), containsString("test-switch-2"));
        }
    }

    private static void probeDown(int times) {
        for (int probe = 0; probe < times; probe++) {
            given().when().get(Management.url("/q/health/ready")).then().statusCode(503);
        }
    }

    private static List<String> downReports(CapturedLogs logs) {
        return logs.records().stream()
                .filter(record -> record.getLoggerName().equals("io.smallrye.health"))
                .map(record -> record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage())
                .filter(message -> message.startsWith("SRHCK01001"))
                .toList();
    }
}
