package com.mi.poco.loyalty.service;

import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.EventType;
import com.mi.poco.loyalty.MiPointsEntry;
import com.mi.poco.loyalty.PocoPointsEntry;
import com.mi.poco.loyalty.PointsConversion;
import com.mi.poco.loyalty.config.LoyaltyConfig;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.db.DeferredWrites;
import com.mi.poco.platform.outbox.Outbox;
import com.mi.poco.steps.MigratedAccount;
import com.mi.poco.steps.MigrationSteps;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.jpa.HibernateHints;

/**
 * Converts POCO points into the Mi loyalty program. At migration: the account's unsettled entries,
 * one conversion, one Mi credit (unless 0) and one {@code points-converted} (also for 0). Entries
 * imported after the migration are converted by a sweep, as late conversions with their own credit
 * and report. Each reads top to bottom: the accounts, their unsettled entries, the rule
 * ({@link PointsConversion#of}), the outcome written whole ({@link #convert}).
 */
@ApplicationScoped
public class PointsConverter {

    /** Migrated accounts holding entries not converted yet, locked so that other instances sweep others. */
    private static final String WITH_UNSETTLED = """
            SELECT m.* FROM migrated_account m
            WHERE EXISTS (SELECT 1 FROM poco_points_entry e
                          WHERE e.poco_account_id = m.poco_account_id AND e.conversion_id IS NULL)
            LIMIT :limit
            FOR UPDATE OF m SKIP LOCKED""";

    /** The entries a conversion took are settled by it. */
    private static final BulkRows<Settled> SETTLE = BulkRows.<Settled>update("poco_points_entry", "entry_id")
            .column("entry_id", "text", Settled::entryId)
            .column("conversion_id", "uuid", Settled::conversionId)
            .build();

    private record Settled(String entryId, UUID conversionId) {
    }

    private final EntityManager entityManager;
    private final DeferredWrites writes;
    private final MigrationSteps steps;
    private final Outbox outbox;
    private final LoyaltyConfig config;

    public PointsConverter(EntityManager entityManager, DeferredWrites writes, MigrationSteps steps, Outbox outbox,
            LoyaltyConfig config) {
        this.entityManager = entityManager;
        this.writes = writes;
        this.steps = steps;
        this.outbox = outbox;
        this.config = config;
    }

    /** A batch of {@code account-migrated} not applied before: each account migrating for the first time is converted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void accountsMigrated(List<AccountMigrated> events) {
        List<MigratedAccount> accounts = steps.recordFirstMigrations(events);
        Map<String, List<PocoPointsEntry>> unsettled = unsettled(accounts);
        for (MigratedAccount account : accounts) {
            convert(account, unsettled.getOrDefault(account.pocoAccountId, List.of()), false);
        }
    }

    /** Late points: converts unsettled entries of migrated accounts, a batch of accounts per transaction. */
    @Scheduled(every = "${loyalty.late-sweep-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void convertLatePoints() {
        if (steps.lateSweepDue()) {
            while (QuarkusTransaction.requiringNew().call(this::convertLateBatch) == config.lateBatchSize()) {
                // a full batch: there may be more
            }
        }
    }

    /** One batch of migrated accounts with unsettled entries: a late conversion each; answers how many accounts. */
    private int convertLateBatch() {
        @SuppressWarnings("unchecked")
        List<MigratedAccount> accounts = entityManager.createNativeQuery(WITH_UNSETTLED, MigratedAccount.class)
                .setParameter("limit", config.lateBatchSize())
                .getResultList();
        Map<String, List<PocoPointsEntry>> unsettled = unsettled(accounts);
        for (MigratedAccount account : accounts) {
            List<PocoPointsEntry> entries = unsettled.get(account.pocoAccountId);
            if (entries != null) {
                convert(account, entries, true);
            }
        }
        return accounts.size();
    }

    /** The accounts' entries not converted yet, locked, by account; read-only: {@link #convert} marks them settled. */
    private Map<String, List<PocoPointsEntry>> unsettled(List<MigratedAccount> accounts) {
        if (accounts.isEmpty()) {
            return Map.of();
        }
        return entityManager.createQuery("""
                        from PocoPointsEntry where pocoAccountId in :accounts and conversionId is null
                        order by pocoAccountId, entryId""", PocoPointsEntry.class)
                .setParameter("accounts", accounts.stream().map(a -> a.pocoAccountId).toList())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultStream()
                .collect(Collectors.groupingBy(e -> e.pocoAccountId));
    }

    /** The rule's outcome, written whole: the conversion, its Mi credit (unless 0), the entries it settled, its report. */
    private void convert(MigratedAccount account, List<PocoPointsEntry> unsettled, boolean late) {
        PointsConversion conversion = PointsConversion.of(account, unsettled, config.rate(), late, Instant.now());
        writes.add(PointsConversion.INSERT, conversion);
        if (conversion.miPointsCredited > 0) {
            writes.add(MiPointsEntry.INSERT, MiPointsEntry.creditOf(conversion));
        }
        conversion.settledEntries().forEach(entry -> writes.add(SETTLE, new Settled(entry, conversion.conversionId)));
        outbox.record(EventType.POINTS_CONVERTED, account.pocoAccountId, conversion.event());
    }
}
