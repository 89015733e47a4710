package com.mi.poco.account;

import static com.mi.poco.account.AccountApi.account;
import static com.mi.poco.account.AccountApi.importFile;
import static com.mi.poco.account.AccountApi.migrate;
import static com.mi.poco.account.AccountApi.migration;
import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.mi.poco.testing.DatabaseOutage;
import com.mi.poco.testing.KeptVerification;
import com.mi.poco.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A bulk migration rides out its database going away in the middle of a batch, can be paused and
 * resumed, and the verification names the step its accounts wait for.
 */
@QuarkusTest
class MigrationFaultsTest {

    private static final int ACCOUNTS = 2000;

    @Test
    void aDatabaseOutageInTheMiddleOfABatchIsWaitedOutAndEveryAccountMigratesOnce() throws Exception {
        String location = migrate(importAccounts());
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        try (Connection holder = connection()) {
            // the worker's next batch waits for this lock: the outage then ends it in the middle of a batch
            holdMigrationRow(holder, id);
            try (DatabaseOutage outage = DatabaseOutage.ofTheServiceDatabase()) {
                await().atMost(ASYNC).untilAsserted(() -> assertThat(waitingOnDependencies(),
                        hasItem(startsWith("migration " + id))));
            }
        } catch (SQLException terminatedByTheOutage) {
            // the holder's session was one of those terminated
        }

        await().atMost(ASYNC).untilAsserted(() -> given().get(location).then().statusCode(200)
                .body("status", equalTo("FINISHED"))
                .body("total", equalTo(ACCOUNTS))
                .body("accounts.PENDING", equalTo(0))
                .body("accounts.MIGRATED", equalTo(ACCOUNTS)));
        await().atMost(ASYNC).untilAsserted(() -> given().get(Management.url("/q/health/ready")).then().statusCode(200));
        given().get("/api/migrations/verification?migration=" + id).then().statusCode(200)
                .body("migrated", equalTo(ACCOUNTS))
                .body("checks.noMiAccount.failing", equalTo(0));
        KeptVerification.agreesWithTheAudit("/api/migrations/verification?migration=" + id);
        KeptVerification.agreesWithTheAudit("/api/migrations/verification");
    }

    @Test
    void aPausedMigrationStaysWhereItIsUntilItIsResumed() throws Exception {
        String location = migrate(importAccounts());
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        CompletableFuture<Integer> paused;
        try (Connection holder = connection()) {
            holdMigrationRow(holder, id);
            paused = CompletableFuture.supplyAsync(() -> given().post(location + "/pause").then().extract().statusCode());
            holder.rollback();
        }
        assertThat(paused.get(), equalTo(200));
        given().get(location).then().statusCode(200).body("status", equalTo("PAUSED"));
        int migrated = given().get(location).then().extract().path("accounts.MIGRATED");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get(location).then().body("status", equalTo("PAUSED")).body("accounts.MIGRATED", equalTo(migrated)));

        given().post(location + "/resume").then().statusCode(200).body("status", not(equalTo("PAUSED")));
        await().atMost(ASYNC).untilAsserted(() -> given().get(location).then()
                .body("status", equalTo("FINISHED"))
                .body("accounts.MIGRATED", equalTo(ACCOUNTS)));
        given().post(location + "/pause").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void theVerificationNamesTheStepAMigratedAccountWaitsFor() {
        String poco = unique("P");
        importFile("accounts", ndjson(account(poco, null, false, "uk"))).statusCode(200);
        String location = migrate(List.of(poco));
        AccountApi.awaitState(poco, "MIGRATED");
        String id = location.substring(location.lastIndexOf('/') + 1);

        given().get("/api/migrations/verification?listed=1000&migration=" + id).then().statusCode(200)
                .body("migrated", equalTo(1))
                .body("checks.waitingForPointsStep.accounts", hasItem(poco))
                .body("checks.waitingForCouponsStep.accounts", hasItem(poco))
                .body("checks.completedWithoutBothSteps.failing", equalTo(0));
        migration(poco).body("state", equalTo("MIGRATED"));
    }

    /**
     * The verification answers from totals the database keeps per migration as the accounts change,
     * whatever changes them: here statements of no service, which the totals count all the same.
     */
    @Test
    void theKeptVerificationCountsEveryChangeToTheAccountsWhoeverMakesIt() throws SQLException {
        List<String> accounts = IntStream.range(0, 5).mapToObj(i -> unique("P")).toList();
        importFile("accounts", ndjson(accounts.stream().map(poco -> account(poco, null, false, "uk")).toArray(String[]::new)))
                .statusCode(200);
        String location = migrate(accounts);
        accounts.forEach(poco -> AccountApi.awaitState(poco, "MIGRATED"));
        String verification = "/api/migrations/verification?listed=10&migration=" + location.substring(location.lastIndexOf('/') + 1);
        assertThat(KeptVerification.agreesWithTheAudit(verification), equalTo(Map.of("noMiAccount", 0,
                "waitingForPointsStep", 5, "waitingForCouponsStep", 5, "completedWithoutBothSteps", 0, "bothStepsNotCompleted", 0)));

        try (Connection db = connection()) {
            update(db, "UPDATE poco_account SET points_reported_at = now() WHERE poco_account_id = ?", accounts.get(0));
            update(db, "UPDATE poco_account SET points_reported_at = now(), coupons_reported_at = now() WHERE poco_account_id = ?",
                    accounts.get(1));
            update(db, """
                    UPDATE poco_account SET coupons_reported_at = now(), migration_state = 'COMPLETED', completed_at = now()
                    WHERE poco_account_id = ?""", accounts.get(2));
        }

        assertThat(KeptVerification.agreesWithTheAudit(verification), equalTo(Map.of("noMiAccount", 0,
                "waitingForPointsStep", 3, "waitingForCouponsStep", 3, "completedWithoutBothSteps", 1, "bothStepsNotCompleted", 1)));
        given().get(verification).then().statusCode(200)
                .body("checks.completedWithoutBothSteps.accounts", equalTo(List.of(accounts.get(2))))
                .body("checks.completedWithoutBothSteps.answeredBy", equalTo("kept totals"))
                .body("checks.bothStepsNotCompleted.accounts", equalTo(List.of(accounts.get(1))))
                .body("checks.noMiAccount.answeredBy", equalTo("constraint poco_account_mi_account_id_fkey"));
    }

    /** The audit says so when a kept total no longer matches the rows: written by hand here, as drift would be. */
    @Test
    void theAuditSaysWhenAKeptTotalNoLongerMatchesTheRows() throws SQLException {
        String poco = unique("P");
        importFile("accounts", ndjson(account(poco, null, false, "uk"))).statusCode(200);
        String location = migrate(List.of(poco));
        AccountApi.awaitState(poco, "MIGRATED");
        String verification = "/api/migrations/verification?migration=" + location.substring(location.lastIndexOf('/') + 1);
        given().get(verification + "&audit=true").then().statusCode(200).body("totalsMatchRecount", equalTo(true));
        try (Connection db = connection();
                PreparedStatement drift = db.prepareStatement("""
                        UPDATE migration_verification_totals SET waiting_for_points_step = waiting_for_points_step + ?
                        WHERE migration_id = ? AND slot = (SELECT min(slot) FROM migration_verification_totals WHERE migration_id = ?)""")) {
            UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
            drift.setInt(1, 1);
            drift.setObject(2, id);
            drift.setObject(3, id);
            assertThat(drift.executeUpdate(), equalTo(1));
            try {
                given().get(verification + "&audit=true").then().statusCode(200)
                        .body("totalsMatchRecount", equalTo(false))
                        .body("checks.waitingForPointsStep.failing", equalTo(1))
                        .body("checks.waitingForPointsStep.kept", equalTo(2));
                given().get(verification).then().statusCode(200).body("totalsMatchRecount", nullValue());
            } finally {
                drift.setInt(1, -1);
                assertThat(drift.executeUpdate(), equalTo(1));
            }
        }
        given().get(verification + "&audit=true").then().statusCode(200).body("totalsMatchRecount", equalTo(true));
    }

    private static void update(Connection db, String sql, String poco) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, poco);
            assertThat(statement.executeUpdate(), equalTo(1));
        }
    }

    private static List<String> importAccounts() {
        List<String> ids = IntStream.range(0, ACCOUNTS).mapToObj(i -> unique("P")).toList();
        importFile("accounts", ndjson(ids.stream().map(id -> account(id, null, false, "uk")).toArray(String[]::new)))
                .statusCode(200).body("accepted", equalTo(ACCOUNTS));
        return ids;
    }

    /** What readiness says waits on a dependency (the names of the waiting work). */
    private static java.util.Set<String> waitingOnDependencies() {
        java.util.Map<String, Object> data = given().get(Management.url("/q/health/ready")).then().extract().jsonPath()
                .getMap("checks.find { it.name == 'dependencies' }.data");
        return data == null ? java.util.Set.of() : data.keySet();
    }

    /** Locks the migration's row in an open transaction of {@code holder}, once the migration exists. */
    private static void holdMigrationRow(Connection holder, UUID id) throws SQLException {
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM migration WHERE id = ? FOR UPDATE")) {
            lock.setObject(1, id);
            lock.executeQuery().close();
        }
    }

    private static Connection connection() throws SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"),
                System.getenv().getOrDefault("PGPASSWORD", ""));
    }
}
