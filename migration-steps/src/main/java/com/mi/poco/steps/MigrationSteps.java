package com.mi.poco.steps;

import com.mi.poco.events.AccountErased;
import com.mi.poco.events.AccountMigrated;
import com.mi.poco.platform.db.BulkStatement;
import com.mi.poco.platform.db.DeferredWrites;
import com.mi.poco.platform.imports.LinesImported;
import com.mi.poco.platform.inbox.BatchHandler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every consuming step of a migration (loyalty's points, coupon's coupons) does the same way:
 * it records each migrated account once, by its natural key, before handling what the account owns;
 * and it later handles what was imported for an account after it migrated ("late"), taking migrated
 * accounts in batches with {@code SKIP LOCKED} so that several instances share the work.
 */
@ApplicationScoped
public class MigrationSteps {

    private static final String WITH_UNSETTLED = """
            SELECT m.* FROM migrated_account m
            WHERE EXISTS (%s)
            LIMIT :limit
            FOR UPDATE OF m SKIP LOCKED""";

    private static final BulkStatement RECORD = new BulkStatement("""
            INSERT INTO migrated_account (poco_account_id, mi_account_id, region, migrated_at)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[])""");

    private final EntityManager entityManager;
    private final DeferredWrites writes;
    private final Duration fullSweepInterval;
    /** Late records come from imports: set by one (and at start-up), cleared by the sweep it calls for. */
    private final AtomicBoolean imported = new AtomicBoolean(true);
    private volatile Instant lastSweep = Instant.EPOCH;

    public MigrationSteps(EntityManager entityManager, DeferredWrites writes,
            @ConfigProperty(name = "steps.full-sweep-interval", defaultValue = "5m") Duration fullSweepInterval) {
        this.entityManager = entityManager;
        this.writes = writes;
        this.fullSweepInterval = fullSweepInterval;
    }

    void afterImport(@Observes LinesImported lines) {
        imported.set(true);
    }

    /** A consuming step: what a migrated account owns that the step must handle, and how it handles it. */
    public interface Step<R> {

        /** The accounts' records the step has not handled yet, locked, by POCO account id. */
        Map<String, List<R>> unsettled(List<String> pocoAccountIds);

        /** Handles an account's unsettled records (none, for an account that owns nothing) at its migration or later. */
        void handle(MigratedAccount account, List<R> unsettled, boolean late);
    }

    /**
     * A batch of {@code account-migrated}: the accounts the step has recorded already, and the
     * unsettled records of all the batch's accounts, are loaded in two queries; then each account not
     * recorded before is recorded (by its natural key: a second event for it changes nothing) and
     * handed to the step with its records, without asking the database again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <R> BatchHandler.Apply<AccountMigrated> accountsMigrated(List<AccountMigrated> events, Step<R> step) {
        List<String> ids = events.stream().map(AccountMigrated::pocoAccountId).distinct().toList();
        Set<String> recorded = new HashSet<>(entityManager
                .createQuery("select m.pocoAccountId from MigratedAccount m where m.pocoAccountId in :ids", String.class)
                .setParameter("ids", ids)
                .getResultList());
        Map<String, List<R>> unsettled = step.unsettled(ids);
        return event -> {
            if (recorded.add(event.pocoAccountId())) {
                step.handle(record(event), unsettled.getOrDefault(event.pocoAccountId(), List.of()), false);
            }
        };
    }

    /** Recorded at commit, first of what the step writes for the account ({@link DeferredWrites}). */
    private MigratedAccount record(AccountMigrated event) {
        MigratedAccount account = new MigratedAccount();
        account.pocoAccountId = event.pocoAccountId();
        account.miAccountId = event.miAccountId();
        account.region = event.region();
        account.migratedAt = event.migratedAt();
        writes.add(RECORD, account.pocoAccountId, account.miAccountId, account.region, account.migratedAt);
        return account;
    }

    /**
     * Records that a Mi account's data was erased on request: from then on the step shows nothing of
     * it to anyone ({@link #isErased}); its ledger rows stay, without personal fields, for accounting.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(AccountErased event) {
        entityManager.createNativeQuery("""
                        INSERT INTO erased_account (mi_account_id, erased_at) VALUES (?1, ?2)
                        ON CONFLICT (mi_account_id) DO NOTHING""")
                .setParameter(1, event.miAccountId())
                .setParameter(2, event.erasedAt())
                .executeUpdate();
    }

    public boolean isErased(String miAccountId) {
        return !entityManager.createNativeQuery("SELECT 1 FROM erased_account WHERE mi_account_id = ?1")
                .setParameter(1, miAccountId).getResultList().isEmpty();
    }

    /**
     * Hands each migrated account that has unsettled records to {@code step} as late, a batch of
     * accounts per transaction, until none is left; called often, it looks only when an import stored
     * lines since it last looked, or {@code steps.full-sweep-interval} passed. The query joins every
     * migrated account with its records, and the records' "handled" mark is not indexed (so that
     * marking them is a heap-only update): at a million accounts it reads 3 million points entries, about
     * 2.5 s. A record is only late if an import brought it; the interval covers the one race this
     * leaves, an import committed while an account's migration was being applied, whose transaction did
     * not see it.
     *
     * @param unsettled a SQL condition on {@code m} (the migrated account), true while it has records
     *                  the step has not handled, e.g. {@code SELECT 1 FROM coupon c WHERE
     *                  c.account = m.poco_account_id AND c.decision IS NULL}
     */
    public <R> void sweepLate(String unsettled, int batchSize, Step<R> step) {
        Instant now = Instant.now();
        if (!imported.getAndSet(false) && now.isBefore(lastSweep.plus(fullSweepInterval))) {
            return;
        }
        lastSweep = now;
        int handled;
        do {
            handled = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<MigratedAccount> accounts = entityManager
                        .createNativeQuery(WITH_UNSETTLED.formatted(unsettled), MigratedAccount.class)
                        .setParameter("limit", batchSize)
                        .getResultList();
                for (MigratedAccount account : accounts) {
                    List<R> records = step.unsettled(List.of(account.pocoAccountId))
                            .getOrDefault(account.pocoAccountId, List.of());
                    if (!records.isEmpty()) {
                        step.handle(account, records, true);
                    }
                }
                return accounts.size();
            });
        } while (handled == batchSize);
    }
}
