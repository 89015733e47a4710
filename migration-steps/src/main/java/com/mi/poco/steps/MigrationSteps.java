package com.mi.poco.steps;

import com.mi.poco.events.AccountErased;
import com.mi.poco.events.AccountMigrated;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.db.DeferredWrites;
import com.mi.poco.platform.imports.LinesImported;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every consuming step of a migration (loyalty's points, coupon's coupons) does the same way:
 * it records each migrated account once, by its natural key, before handling what the account owns
 * ({@link #recordFirstMigrations}); it keeps the erased Mi accounts, whose data it shows to nobody;
 * and it says when to look for records imported for an account after it migrated ("late",
 * {@link #lateSweepDue}). The step itself loads, decides and writes: nothing here calls back into it.
 */
@ApplicationScoped
public class MigrationSteps {

    private static final BulkRows<MigratedAccount> RECORD = BulkRows.<MigratedAccount>insertInto("migrated_account")
            .column("poco_account_id", "text", a -> a.pocoAccountId)
            .column("mi_account_id", "text", a -> a.miAccountId)
            .column("region", "text", a -> a.region)
            .column("migrated_at", "timestamptz", a -> a.migratedAt)
            .build();

    private final EntityManager entityManager;
    private final DeferredWrites writes;
    private final Duration fullSweepInterval;
    /** Late records come from imports: set by one (and at start-up), cleared when a sweep is due. */
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

    /**
     * What a step owns of a migrated account, as the late sweep looks for it: the table of its records
     * (keyed by {@code poco_account_id}) and the column its handling sets (null until handled). Names
     * only, checked to be plain identifiers: no SQL crosses into this module.
     */
    public record StepRecords(String table, String handledColumn) {

        private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

        public StepRecords {
            if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(handledColumn).matches()) {
                throw new IllegalArgumentException("not a table and a column: " + table + ", " + handledColumn);
            }
        }
    }

    /**
     * The batch's accounts the step has not recorded before, one per account in the batch's order,
     * recorded now (by their natural key, at commit, first of what the step writes for them: {@link
     * DeferredWrites}). A second {@code account-migrated} of an account, in this batch or a later one,
     * is not among them: the step handles an account's migration once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<MigratedAccount> recordFirstMigrations(List<AccountMigrated> events) {
        List<String> ids = events.stream().map(AccountMigrated::pocoAccountId).distinct().toList();
        Set<String> recorded = new HashSet<>(entityManager
                .createQuery("select m.pocoAccountId from MigratedAccount m where m.pocoAccountId in :ids", String.class)
                .setParameter("ids", ids)
                .getResultList());
        List<MigratedAccount> first = new ArrayList<>();
        for (AccountMigrated event : events) {
            if (recorded.add(event.pocoAccountId())) {
                MigratedAccount account = MigratedAccount.of(event);
                writes.add(RECORD, account);
                first.add(account);
            }
        }
        return first;
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
     * A late sweep's batch: at most {@code limit} migrated accounts owning records the step has not
     * handled, locked with {@code SKIP LOCKED} so that several instances take different accounts.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<MigratedAccount> lockAccountsWithUnhandled(StepRecords records, int limit) {
        return entityManager.createNativeQuery("""
                        SELECT m.* FROM migrated_account m
                        WHERE EXISTS (SELECT 1 FROM %s r WHERE r.poco_account_id = m.poco_account_id AND r.%s IS NULL)
                        LIMIT :limit
                        FOR UPDATE OF m SKIP LOCKED""".formatted(records.table(), records.handledColumn()), MigratedAccount.class)
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Whether the step's late sweep should look now: only when an import stored lines since it last
     * looked, or {@code steps.full-sweep-interval} passed (answering true starts a new interval). A sweep
     * joins every migrated account with its records, and the records' "handled" mark is not indexed (so
     * that marking them is a heap-only update): at a million accounts it reads 3 million points entries,
     * about 2.5 s. A record is only late if an import brought it; the interval covers the one race this
     * leaves, an import committed while an account's migration was being applied, whose transaction did
     * not see it.
     */
    public boolean lateSweepDue() {
        Instant now = Instant.now();
        if (!imported.getAndSet(false) && now.isBefore(lastSweep.plus(fullSweepInterval))) {
            return false;
        }
        lastSweep = now;
        return true;
    }

    /** The sweep {@link #lateSweepDue} allowed did not get through (its database was away): the next asks again. */
    public void lateSweepMissed() {
        imported.set(true);
    }
}
