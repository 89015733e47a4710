package com.mi.poco.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's commands besides import and run: the cross-service verification, the dead letters
 * of every consuming service, and pausing or resuming a bulk migration.
 */
final class Operations {

    /** The consuming services' API prefixes, where each mounts its dead letters and verification. */
    static final Map<String, String> CONSUMERS = new LinkedHashMap<>();

    static {
        CONSUMERS.put("account-service", "/api/accounts");
        CONSUMERS.put("loyalty-service", "/api/loyalty");
        CONSUMERS.put("coupon-service", "/api/coupons");
    }

    private static final String[] VERIFICATIONS = {
        "/api/migrations/verification", "/api/loyalty/verification", "/api/coupons/verification"};

    /** What the verification found: whether every check passed, and the accounts that failed, named. */
    record Verified(boolean ok, List<String> failures) {
    }

    private final GatewayClient gateway;
    private final PrintStream out;

    Operations(GatewayClient gateway, PrintStream out) {
        this.gateway = gateway;
        this.out = out;
    }

    /**
     * Asks each service for its part (each answers from one snapshot of its own database), prints
     * every check with the accounts that fail it, and compares the three digests of the migrated
     * accounts: the services must hold the same accounts, each with the same Mi account. With a
     * migration named, account-service checks only its accounts; the others always check every
     * account they hold, so the digests are compared only over all migrations.
     *
     * <p>The services answer from the totals they keep as they write (seconds at any size). With {@code
     * audit}, each recounts every migrated account instead (its time grows with the accounts), and
     * where a kept total differs from the recount the totals drifted: that fails the verification too.
     */
    Verified verify(String migration, int listed, boolean audit) throws IOException {
        List<String> failures = new ArrayList<>();
        List<JsonNode> parts = new ArrayList<>();
        for (String path : VERIFICATIONS) {
            String query = "?listed=" + listed + (audit ? "&audit=true" : "") + (migration != null && path.startsWith("/api/migrations")
                    ? "&migration=" + migration : "");
            parts.add(gateway.getJson(path + query));
        }
        out.println((audit ? "audit" : "verification") + " of " + (migration == null ? "all migrated accounts"
                : "migration " + migration) + (audit ? ", every account recounted:" : ", from the services' kept totals:"));
        for (JsonNode part : parts) {
            out.printf(Locale.ROOT, "  %-16s %,d accounts migrated%n", part.path("service").asText(),
                    part.path("migrated").asLong());
            part.path("checks").fields().forEachRemaining(check -> {
                long failing = check.getValue().path("failing").asLong();
                out.printf(Locale.ROOT, "    %-28s %,8d%s%n", check.getKey(), failing, failing == 0 ? ""
                        : "  e.g. " + String.join(", ", texts(check.getValue().path("accounts")))
                        + (failing > check.getValue().path("accounts").size() ? ", …" : ""));
                if (failing > 0) {
                    failures.add(part.path("service").asText() + " " + check.getKey() + ": " + failing + " ("
                            + String.join(", ", texts(check.getValue().path("accounts"))) + ")");
                }
                JsonNode kept = check.getValue().path("kept");
                if (kept.isNumber() && kept.asLong() != failing) {
                    out.printf(Locale.ROOT, "    %-28s kept total says %,d%n", "", kept.asLong());
                }
            });
            if (audit && !part.path("totalsMatchRecount").asBoolean()) {
                out.println("    its kept totals differ from the recount (kept digest " + part.path("keptDigest")
                        + "): they drifted");
                failures.add(part.path("service").asText() + ": kept totals differ from the recount");
            }
        }
        if (migration == null) {
            JsonNode reference = parts.get(0).path("digest");
            for (JsonNode part : parts.subList(1, parts.size())) {
                if (!part.path("digest").equals(reference)) {
                    failures.add(part.path("service").asText() + " holds " + part.path("digest").path("accounts").asLong()
                            + " migrated accounts, account-service " + reference.path("accounts").asLong()
                            + (part.path("digest").path("accounts").asLong() == reference.path("accounts").asLong()
                            ? ", not the same ones or not with the same Mi accounts" : ""));
                }
            }
            out.println("  the services hold the same migrated accounts: " + (failures.stream()
                    .noneMatch(f -> f.contains(" holds ")) ? "yes" : "NO"));
        }
        long deadLetters = waitingDeadLetters();
        if (deadLetters > 0) {
            out.printf(Locale.ROOT, "  %,d dead letters wait: bin/migrate dead-letters list%n", deadLetters);
        }
        out.println(failures.isEmpty() ? "verify: OK" : "verify: FAILED");
        return new Verified(failures.isEmpty(), failures);
    }

    /** The dead letters waiting in every consuming service, in all. */
    long waitingDeadLetters() throws IOException {
        long waiting = 0;
        for (String prefix : CONSUMERS.values()) {
            waiting += gateway.getJson(prefix + "/dead-letters?limit=0").path("waiting").asLong();
        }
        return waiting;
    }

    int listDeadLetters(String reason, int limit) throws IOException {
        long total = 0;
        for (Map.Entry<String, String> service : CONSUMERS.entrySet()) {
            JsonNode listing = gateway.getJson(service.getValue() + "/dead-letters?limit=" + limit
                    + (reason == null ? "" : "&reason=" + java.net.URLEncoder.encode(reason, java.nio.charset.StandardCharsets.UTF_8)));
            total += listing.path("waiting").asLong();
            out.printf(Locale.ROOT, "%s: %,d dead letters waiting %s%n", service.getKey(), listing.path("waiting").asLong(),
                    listing.path("byReason"));
            for (JsonNode letter : listing.path("letters")) {
                out.printf(Locale.ROOT, "  %s-%d@%d  %s  %s  %s  since %s: %s%n", letter.path("topic").asText(),
                        letter.path("partition").asInt(), letter.path("offset").asLong(), letter.path("eventId").asText(),
                        letter.path("type").asText(), letter.path("subject").asText(), letter.path("firstSeen").asText(),
                        letter.path("reason").asText());
            }
        }
        return total == 0 ? 0 : 1;
    }

    /** Replays in every consuming service what {@code selection} names; exit 1 if any letter failed again. */
    int replayDeadLetters(ObjectNode selection) throws IOException {
        int failedAgain = 0;
        int selected = 0;
        for (Map.Entry<String, String> service : CONSUMERS.entrySet()) {
            HttpResponse<String> response = gateway.postJson(service.getValue() + "/dead-letters/replay", selection.toString());
            if (response.statusCode() != 200) {
                throw new IOException(service.getKey() + ": HTTP " + response.statusCode() + ": "
                        + GatewayClient.detail(response.body()));
            }
            JsonNode replayed = GatewayClient.JSON.readTree(response.body());
            failedAgain += replayed.path("failedAgain").asInt();
            selected += replayed.path("selected").asInt();
            out.printf(Locale.ROOT, "%s: %d selected, %d applied, %d applied before, %d failed again%n", service.getKey(),
                    replayed.path("selected").asInt(), replayed.path("applied").asInt(),
                    replayed.path("alreadyApplied").asInt(), replayed.path("failedAgain").asInt());
            for (JsonNode letter : replayed.path("stillWaiting")) {
                out.printf(Locale.ROOT, "  still waiting: %s %s: %s%n", letter.path("eventId").asText(),
                        letter.path("subject").asText(), letter.path("reason").asText());
            }
        }
        // events named by id are each a dead letter of one service: one that none of them holds was mistyped, or replayed before
        int named = selection.path("eventIds").size();
        if (selected < named) {
            out.printf(Locale.ROOT, "replay: %d of the %d events named %s no dead letter waiting at any service%n", named - selected,
                    named, named - selected == 1 ? "is" : "are");
            return 1;
        }
        return failedAgain == 0 ? 0 : 1;
    }

    /** {@code pause} or {@code resume}: prints the migration's status after the change. */
    int change(String migration, String action) throws IOException {
        HttpResponse<String> response = gateway.postJson("/api/migrations/" + migration + "/" + action, "");
        if (response.statusCode() != 200) {
            out.println(action + ": FAILED: HTTP " + response.statusCode() + ": " + GatewayClient.detail(response.body()));
            return 1;
        }
        JsonNode state = GatewayClient.JSON.readTree(response.body());
        out.println("migration " + migration + ": " + state.path("status").asText() + " " + state.path("accounts"));
        return 0;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
