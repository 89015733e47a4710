package com.mi.poco.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/migrate run [--region R]}: starts a bulk migration, follows it to COMPLETED with live
 * progress (or says why it stalled), then reads the points reconciliation and the coupon summary and
 * verifies the migration across the services; the summary says what failed, if anything did.
 */
public final class MigrationRun {

    private static final ObjectMapper JSON = GatewayClient.JSON;
    private static final int VERIFY_LISTED = 20;
    private static final Duration POLL_MIN = Duration.ofMillis(500);
    private static final Duration POLL_MAX = Duration.ofSeconds(5);

    public record RunSummary(String migration, long total, long migrated, long completed, long alreadyMigrated,
            double seconds, JsonNode points, JsonNode coupons, String failure, boolean verified) {

        public boolean ok() {
            return failure == null && completed == total && points.path("agree").asBoolean(false) && verified;
        }
    }

    private final GatewayClient gateway;
    private final Operations operations;
    private final PrintStream out;

    MigrationRun(GatewayClient gateway, Operations operations, PrintStream out) {
        this.gateway = gateway;
        this.operations = operations;
        this.out = out;
    }

    RunSummary run(String region, Duration stall) throws Exception {
        String body = region == null ? "{\"all\":true}" : JSON.writeValueAsString(Map.of("region", region));
        HttpResponse<String> started = gateway.postJson("/api/migrations", body);
        if (started.statusCode() != 202) {
            RunSummary failed = new RunSummary(null, 0, 0, 0, 0, 0, JSON.createObjectNode(), JSON.createObjectNode(),
                    "HTTP " + started.statusCode() + ": " + GatewayClient.detail(started.body()), false);
            out.println("run: FAILED: " + failed.failure());
            return failed;
        }
        String location = URI.create(started.headers().firstValue("Location").orElseThrow()).getPath();
        String id = location.substring(location.lastIndexOf('/') + 1);
        out.println("migration " + id + " started (bin/migrate pause " + id + " pauses it)");
        Progress progress = new Progress(out, "migrate", "accounts");
        long lastCompleted = -1;
        long lastChange = System.nanoTime();
        JsonNode state;
        String failure = null;
        while (true) {
            long asked = System.nanoTime();
            state = gateway.getJson(location);
            long answeredIn = System.nanoTime() - asked;
            long total = state.path("total").asLong();
            long completed = state.path("accounts").path("COMPLETED").asLong();
            progress.update(completed, total);
            if (completed >= total && "FINISHED".equals(state.path("status").asText())) {
                break;
            }
            if (completed != lastCompleted) {
                lastCompleted = completed;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stall.toNanos()
                    && !"PAUSED".equals(state.path("status").asText())) {
                failure = stalled(id, stall, state);
                break;
            }
            Thread.sleep(pollAfter(Duration.ofNanos(answeredIn)).toMillis());
        }
        long total = state.path("total").asLong();
        JsonNode accounts = state.path("accounts");
        progress.finish(accounts.path("COMPLETED").asLong(), total);
        double seconds = progress.elapsedSeconds();
        JsonNode points = gateway.getJson("/api/loyalty/reconciliation");
        JsonNode coupons = gateway.getJson("/api/coupons/summary");
        Operations.Verified verified = operations.verify(id, VERIFY_LISTED, false);
        RunSummary summary = new RunSummary(state.path("id").asText(), total,
                accounts.path("MIGRATED").asLong() + accounts.path("COMPLETED").asLong(), accounts.path("COMPLETED").asLong(),
                state.path("alreadyMigrated").asLong(), seconds, points, coupons, failure, verified.ok());
        printRun(summary, verified);
        return summary;
    }

    /**
     * How long to wait before asking for progress again after an answer that took {@code answeredIn}:
     * four times that, so that following a migration keeps a slow server's connection busy a fifth of
     * the time at most, within half a second and five. The upper bound matters: an answer that took long
     * because the client waited out an outage (it retries a 503 for minutes) says nothing of the next
     * one's cost, and a 90 s database outage had the run sleep six minutes more after its migration
     * had finished.
     */
    static Duration pollAfter(Duration answeredIn) {
        Duration fourTimes = answeredIn.multipliedBy(4);
        return fourTimes.compareTo(POLL_MIN) < 0 ? POLL_MIN : fourTimes.compareTo(POLL_MAX) > 0 ? POLL_MAX : fourTimes;
    }

    /** Why a migration stalled: which step its accounts wait for, and the dead letters if there are any. */
    private String stalled(String id, Duration stall, JsonNode state) throws IOException {
        JsonNode checks = gateway.getJson("/api/migrations/verification?listed=5&migration=" + id).path("checks");
        StringBuilder why = new StringBuilder("no account completed for " + stall.toSeconds() + " s; "
                + state.path("accounts") + "; waiting for the points step: "
                + checks.path("waitingForPointsStep").path("failing").asLong() + ", for the coupons step: "
                + checks.path("waitingForCouponsStep").path("failing").asLong());
        long deadLetters = operations.waitingDeadLetters();
        if (deadLetters > 0) {
            why.append("; ").append(deadLetters).append(" dead letters wait: bin/migrate dead-letters list");
        }
        return why.toString();
    }

    private void printRun(RunSummary run, Operations.Verified verified) {
        out.printf(Locale.ROOT, "migration %s: %,d accounts in %.1f s (%,.0f accounts/s)%n", run.migration(), run.total(),
                run.seconds(), run.completed() / Math.max(0.001, run.seconds()));
        out.printf(Locale.ROOT, "  migrated   %,d%n  completed  %,d%n  already migrated before  %,d%n", run.migrated(),
                run.completed(), run.alreadyMigrated());
        JsonNode points = run.points();
        out.printf(Locale.ROOT, "  points     %,d conversions: %,d POCO points converted, %,d Mi points credited, "
                        + "%,d expired; books agree: %s%n", points.path("conversions").asLong(),
                points.path("pocoPointsConverted").asLong(), points.path("miPointsCredited").asLong(),
                points.path("expiredPoints").asLong(), points.path("agree").asBoolean());
        JsonNode coupons = run.coupons();
        out.printf(Locale.ROOT, "  coupons    %,d reissued; not reissued: %,d expired, %,d redeemed, %,d revoked; %,d undecided%n",
                coupons.path("reissued").asLong(), coupons.path("expired").asLong(), coupons.path("redeemed").asLong(),
                coupons.path("revoked").asLong(), coupons.path("undecided").asLong());
        if (run.failure() != null) {
            out.println("  FAILED: " + run.failure());
        } else if (run.completed() != run.total()) {
            out.printf(Locale.ROOT, "  FAILED: %,d accounts not completed%n", run.total() - run.completed());
        } else if (!points.path("agree").asBoolean()) {
            out.println("  FAILED: the points reconciliation does not agree: GET /api/loyalty/reconciliation");
        } else if (!verified.ok()) {
            verified.failures().forEach(f -> out.println("  FAILED: " + f));
        }
        out.println(run.ok() ? "run: OK" : "run: FAILED");
    }
}
