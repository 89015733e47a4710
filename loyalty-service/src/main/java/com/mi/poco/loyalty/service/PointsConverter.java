package com.mi.poco.loyalty.service;

import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.EventType;
import com.mi.poco.loyalty.MiPointsEntry;
import com.mi.poco.loyalty.PointsConversion;
import com.mi.poco.loyalty.UnsettledEntry;
import com.mi.poco.loyalty.config.LoyaltyConfig;
import com.mi.poco.messaging.outbox.Outbox;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.db.Columns;
import com.mi.poco.platform.db.DeferredWrites;
import com.mi.poco.platform.faults.ScheduledJob;
import com.mi.poco.steps.MigratedAccount;
import com.mi.poco.steps.MigrationStep;
import com.mi.poco.steps.MigrationSteps;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Converts POCO points into the Mi loyalty program. At migration: the account's unsettled entries,
 * one conversion, one Mi credit (unless 0) and one {@code points-converted} (also for 0). Entries
 * imported after the migration are converted by a sweep, as late conversions with their own credit
 * and report. Each reads top to bottom: the accounts, their unsettled entries, the rule
 * ({@link PointsConversion#of}), the outcome written whole ({@link #convert}).
 */
@ApplicationScoped
public class PointsConverter implements MigrationStep {

    /** An account's points entries, unsettled until a conversion takes them. */
    static final MigrationSteps.StepRecords ENTRIES = new MigrationSteps.StepRecords("poco_points_entry", "conversion_id");

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
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void accountsMigrated(List<AccountMigrated> events) {
        List<MigratedAccount> accounts = steps.recordFirstMigrations(events);
        Map<String, List<UnsettledEntry>> unsettled = unsettled(accounts);
        for (MigratedAccount account : accounts) {
            convert(account, unsettled.getOrDefault(account.pocoAccountId, List.of()), false);
        }
    }

    /** Late points: converts unsettled entries of migrated accounts, a batch of accounts per transaction. */
    @Scheduled(every = "${loyalty.late-sweep-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void convertLatePoints() {
        if (steps.lateSweepDue() && !ScheduledJob.run("late points sweep", this::convertLateBatchWhileFull)) {
            steps.lateSweepMissed();
        }
    }

    private void convertLateBatchWhileFull() {
        while (QuarkusTransaction.requiringNew().call(this::convertLateBatch) == config.lateBatchSize()) {
            // a full batch: there may be more
        }
    }

    /** One batch of migrated accounts with unsettled entries: a late conversion each; answers how many accounts. */
    private int convertLateBatch() {
        List<MigratedAccount> accounts = steps.lockAccountsWithUnhandled(ENTRIES, config.lateBatchSize());
        Map<String, List<UnsettledEntry>> unsettled = unsettled(accounts);
        for (MigratedAccount account : accounts) {
            List<UnsettledEntry> entries = unsettled.get(account.pocoAccountId);
            if (entries != null) {
                convert(account, entries, true);
            }
        }
        return accounts.size();
    }

    /** The accounts' entries not converted yet, locked, by account, each account's in id order. */
    private Map<String, List<UnsettledEntry>> unsettled(List<MigratedAccount> accounts) {
        if (accounts.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = entityManager.createNativeQuery("""
                        SELECT entry_id, poco_account_id, delta, expires_at FROM poco_points_entry
                        WHERE poco_account_id IN (:accounts) AND conversion_id IS NULL
                        ORDER BY poco_account_id, entry_id
                        FOR UPDATE""", Tuple.class)
                .setParameter("accounts", accounts.stream().map(a -> a.pocoAccountId).toList())
                .getResultList();
        return rows.stream()
                .map(row -> new UnsettledEntry(row.get("entry_id", String.class), row.get("poco_account_id", String.class),
                        row.get("delta", Number.class).longValue(), Columns.instant(row.get("expires_at"))))
                .collect(Collectors.groupingBy(UnsettledEntry::pocoAccountId));
    }

    /** The rule's outcome, written whole: the conversion, its Mi credit (unless 0), the entries it settled, its report. */
    private void convert(MigratedAccount account, List<UnsettledEntry> unsettled, boolean late) {
        PointsConversion conversion = PointsConversion.of(account, unsettled, config.rate(), late, Instant.now());
        writes.add(PointsConversion.INSERT, conversion);
        if (conversion.miPointsCredited > 0) {
            writes.add(MiPointsEntry.INSERT, MiPointsEntry.creditOf(conversion));
        }
        conversion.settledEntries().forEach(entry -> writes.add(SETTLE, new Settled(entry, conversion.conversionId)));
        outbox.record(EventType.POINTS_CONVERTED, account.pocoAccountId, conversion.event());
    }
}
