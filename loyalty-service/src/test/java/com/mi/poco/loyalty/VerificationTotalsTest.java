package com.mi.poco.loyalty;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.testing.KeptVerification;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The verification's kept count of legacy entries of migrated accounts not settled joins two tables
 * that an import and a migration step write in separate transactions. When both are in flight for the
 * same account, each would miss the other's uncommitted rows: the second to come waits for the first
 * to commit (V0_6), and counts what it wrote. Either order, the kept total is what a recount finds.
 * The scheduler is off here, and with it the late sweep: it would convert the entry, settling it,
 * whenever it ran between the commits and the count (the first sweep after a start, or one after
 * another test's import), and the count would miss it (seen once in CI).
 */
@QuarkusTest
@TestProfile(VerificationTotalsTest.WithoutLateSweep.class)
class VerificationTotalsTest {

    /** {@code loyalty.late-sweep-interval} alone cannot be set: {@code loyalty.*} is LoyaltyConfig's. */
    public static class WithoutLateSweep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "false");
        }
    }

    private static final String VERIFICATION = "/api/loyalty/verification";

    @Test
    void anEntryImportedWhileItsAccountsMigrationIsRecordedIsCountedOnce() throws Exception {
        theSecondWaitsForTheFirstAndTheEntryIsCountedOnce(VerificationTotalsTest::insertEntry,
                VerificationTotalsTest::insertMigratedAccount);
    }

    @Test
    void aMigrationRecordedWhileTheAccountsEntryIsImportedCountsItOnce() throws Exception {
        theSecondWaitsForTheFirstAndTheEntryIsCountedOnce(VerificationTotalsTest::insertMigratedAccount,
                VerificationTotalsTest::insertEntry);
    }

    /** {@code first} and {@code second} write for one account in two transactions in flight together. */
    private static void theSecondWaitsForTheFirstAndTheEntryIsCountedOnce(Write first, Write second) throws Exception {
        String poco = unique("P");
        Map<String, Integer> before = KeptVerification.agreesWithTheAudit(VERIFICATION);
        try (Connection firstTransaction = transaction(); Connection secondTransaction = transaction()) {
            first.write(firstTransaction, poco);
            int waiting = pid(secondTransaction);
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    second.write(secondTransaction, poco);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the second waits for the first, which commits only then (without that wait, the second's write
            // would be done at once, blind to the first's uncommitted rows, and the count below would miss one)
            await().atMost(ASYNC).until(() -> written.isDone() || waitsForALock(waiting));
            firstTransaction.commit();
            written.join();
            secondTransaction.commit();
        }
        try {
            assertThat(KeptVerification.agreesWithTheAudit(VERIFICATION).get("unsettledLegacyEntries"),
                    equalTo(before.get("unsettledLegacyEntries") + 1));
        } finally {
            remove(poco);
        }
        KeptVerification.agreesWithTheAudit(VERIFICATION);
    }

    private interface Write {
        void write(Connection db, String poco) throws SQLException;
    }

    private static void insertEntry(Connection db, String poco) throws SQLException {
        execute(db, """
                INSERT INTO poco_points_entry (entry_id, poco_account_id, delta, reason, at, content_hash)
                VALUES (?, ?, 10, 'ORDER', now(), 'test')""", unique("E"), poco);
    }

    private static void insertMigratedAccount(Connection db, String poco) throws SQLException {
        execute(db, "INSERT INTO migrated_account (poco_account_id, mi_account_id, region, migrated_at) VALUES (?, ?, 'uk', now())",
                poco, unique("M"));
    }

    private static int pid(Connection session) throws SQLException {
        try (ResultSet rs = session.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Whether the session {@code pid} waits for a lock another holds. */
    private static boolean waitsForALock(int pid) throws SQLException {
        try (Connection observer = DriverManager.getConnection(url(), user(), password());
                PreparedStatement query = observer.prepareStatement(
                        "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = ?")) {
            query.setInt(1, pid);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The account and what the late sweep may have made of its entry since. */
    private static void remove(String poco) throws SQLException {
        try (Connection db = transaction()) {
            execute(db, "DELETE FROM mi_points_entry WHERE poco_account_id = ?", poco);
            execute(db, "DELETE FROM poco_points_entry WHERE poco_account_id = ?", poco);
            execute(db, "DELETE FROM points_conversion WHERE poco_account_id = ?", poco);
            execute(db, "DELETE FROM migrated_account WHERE poco_account_id = ?", poco);
            db.commit();
        }
    }

    private static void execute(Connection db, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static Connection transaction() throws SQLException {
        Connection connection = DriverManager.getConnection(url(), user(), password());
        connection.setAutoCommit(false);
        return connection;
    }

    private static String url() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    }

    private static String user() {
        return System.getenv().getOrDefault("PGUSER", "postgres");
    }

    private static String password() {
        return System.getenv().getOrDefault("PGPASSWORD", "");
    }
}
