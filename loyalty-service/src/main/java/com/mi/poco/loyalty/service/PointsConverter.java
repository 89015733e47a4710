package com.mi.poco.loyalty.service;

import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.EventType;
import com.mi.poco.loyalty.MiPointsEntry;
import com.mi.poco.loyalty.MigratedAccount;
import com.mi.poco.loyalty.PocoPointsEntry;
import com.mi.poco.loyalty.PointsConversion;
import com.mi.poco.loyalty.config.LoyaltyConfig;
import com.mi.poco.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Converts POCO points into the Mi loyalty program. At migration: the account's unsettled entries,
 * one conversion, one Mi credit (unless 0) and one {@code points-converted} (also for 0). Entries
 * imported after the migration are converted by a sweep, as late conversions with their own credit
 * and report.
 */
@ApplicationScoped
public class PointsConverter {

    private static final String UNSETTLED_OF_MIGRATED = """
            SELECT m.* FROM migrated_account m
            WHERE EXISTS (SELECT 1 FROM poco_points_entry e
                          WHERE e.poco_account_id = m.poco_account_id AND e.conversion_id IS NULL)
            LIMIT :limit
            FOR UPDATE OF m SKIP LOCKED""";

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final LoyaltyConfig config;

    public PointsConverter(EntityManager entityManager, Outbox outbox, LoyaltyConfig config) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.config = config;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void accountMigrated(AccountMigrated event) {
        if (MigratedAccount.findById(event.pocoAccountId()) != null) {
            return; // converted already under another event id: the natural key decides
        }
        MigratedAccount account = new MigratedAccount();
        account.pocoAccountId = event.pocoAccountId();
        account.miAccountId = event.miAccountId();
        account.region = event.region();
        account.migratedAt = event.migratedAt();
        account.persist();
        convert(account, false);
    }

    /** Late points: converts unsettled entries of migrated accounts, a batch of accounts per transaction. */
    @Scheduled(every = "${loyalty.late-sweep-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void convertLatePoints() {
        int converted;
        do {
            converted = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<MigratedAccount> accounts = entityManager.createNativeQuery(UNSETTLED_OF_MIGRATED, MigratedAccount.class)
                        .setParameter("limit", config.lateBatchSize())
                        .getResultList();
                accounts.forEach(account -> convert(account, true));
                return accounts.size();
            });
        } while (converted == config.lateBatchSize());
    }

    private void convert(MigratedAccount account, boolean late) {
        List<PocoPointsEntry> unsettled = entityManager.createQuery(
                        "from PocoPointsEntry where pocoAccountId = :account and conversionId is null", PocoPointsEntry.class)
                .setParameter("account", account.pocoAccountId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (late && unsettled.isEmpty()) {
            return;
        }
        PointsConversion conversion = PointsConversion.of(account, unsettled, config.rate(), late, Instant.now());
        conversion.persist();
        if (conversion.miPointsCredited > 0) {
            MiPointsEntry.creditOf(conversion).persist();
        }
        outbox.record(EventType.POINTS_CONVERTED, account.pocoAccountId, conversion.event());
    }
}
