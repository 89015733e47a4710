package com.mi.poco.platform.steps;

import com.mi.poco.events.AccountErased;
import com.mi.poco.events.AccountMigrated;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

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

    private final EntityManager entityManager;

    public MigrationSteps(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * The step's record of the accounts of a batch of {@code account-migrated}: which it holds
     * already, loaded in one query, so that {@link Registrations#register} asks the database nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Registrations registrations(List<AccountMigrated> events) {
        Set<String> recorded = new HashSet<>(entityManager
                .createQuery("select m.pocoAccountId from MigratedAccount m where m.pocoAccountId in :ids", String.class)
                .setParameter("ids", events.stream().map(AccountMigrated::pocoAccountId).distinct().toList())
                .getResultList());
        return new Registrations(recorded);
    }

    /** Records each migrated account once, by its natural key (the database's primary key is the last guard). */
    public static final class Registrations {

        private final Set<String> recorded;

        private Registrations(Set<String> recorded) {
            this.recorded = recorded;
        }

        /** The account, newly recorded; empty if it was recorded already (under another event id). */
        public Optional<MigratedAccount> register(AccountMigrated event) {
            if (!recorded.add(event.pocoAccountId())) {
                return Optional.empty();
            }
            MigratedAccount account = new MigratedAccount();
            account.pocoAccountId = event.pocoAccountId();
            account.miAccountId = event.miAccountId();
            account.region = event.region();
            account.migratedAt = event.migratedAt();
            account.persist();
            return Optional.of(account);
        }
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
     * Hands each migrated account that has unsettled records to {@code late}, a batch of accounts per
     * transaction, until none is left.
     *
     * @param unsettled a SQL condition on {@code m} (the migrated account), true while it has records
     *                  the step has not handled, e.g. {@code SELECT 1 FROM coupon c WHERE
     *                  c.account = m.poco_account_id AND c.decision IS NULL}
     */
    public void sweepLate(String unsettled, int batchSize, Consumer<MigratedAccount> late) {
        int handled;
        do {
            handled = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<MigratedAccount> accounts = entityManager
                        .createNativeQuery(WITH_UNSETTLED.formatted(unsettled), MigratedAccount.class)
                        .setParameter("limit", batchSize)
                        .getResultList();
                accounts.forEach(late);
                return accounts.size();
            });
        } while (handled == batchSize);
    }
}
