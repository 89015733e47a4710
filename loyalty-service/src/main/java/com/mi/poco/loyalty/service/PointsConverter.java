package com.mi.poco.loyalty.service;

import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.EventType;
import com.mi.poco.loyalty.MiPointsEntry;
import com.mi.poco.loyalty.PocoPointsEntry;
import com.mi.poco.loyalty.PointsConversion;
import com.mi.poco.loyalty.config.LoyaltyConfig;
import com.mi.poco.platform.db.BulkStatement;
import com.mi.poco.platform.db.DeferredWrites;
import com.mi.poco.platform.inbox.BatchHandler;
import com.mi.poco.platform.outbox.Outbox;
import com.mi.poco.steps.MigratedAccount;
import com.mi.poco.steps.MigrationSteps;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.jpa.HibernateHints;

/**
 * Converts POCO points into the Mi loyalty program. At migration: the account's unsettled entries,
 * one conversion, one Mi credit (unless 0) and one {@code points-converted} (also for 0). Entries
 * imported after the migration are converted by a sweep, as late conversions with their own credit
 * and report.
 */
@ApplicationScoped
public class PointsConverter implements MigrationSteps.Step<PocoPointsEntry> {

    private static final String UNSETTLED = """
            SELECT 1 FROM poco_points_entry e
            WHERE e.poco_account_id = m.poco_account_id AND e.conversion_id IS NULL""";

    /** The entries a conversion took are settled by it. */
    private static final BulkStatement SETTLE = new BulkStatement("""
            UPDATE poco_points_entry e SET conversion_id = r.conversion_id
            FROM unnest(?::text[], ?::uuid[]) AS r(entry_id, conversion_id)
            WHERE e.entry_id = r.entry_id""");

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

    /** A batch of migrated accounts: each new one's unsettled entries are converted (MigrationSteps). */
    @Transactional(Transactional.TxType.MANDATORY)
    public BatchHandler.Apply<AccountMigrated> accountsMigrated(List<AccountMigrated> events) {
        return steps.accountsMigrated(events, this);
    }

    /** Late points: converts unsettled entries of migrated accounts, a batch of accounts per transaction. */
    @Scheduled(every = "${loyalty.late-sweep-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void convertLatePoints() {
        steps.sweepLate(UNSETTLED, config.lateBatchSize(), this);
    }

    /** The accounts' entries not converted yet, locked, by account; read-only: {@link #handle} writes them back. */
    @Override
    public Map<String, List<PocoPointsEntry>> unsettled(List<String> pocoAccountIds) {
        return entityManager.createQuery("""
                        from PocoPointsEntry where pocoAccountId in :accounts and conversionId is null
                        order by pocoAccountId, entryId""", PocoPointsEntry.class)
                .setParameter("accounts", pocoAccountIds)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultStream()
                .collect(Collectors.groupingBy(e -> e.pocoAccountId));
    }

    /** One conversion of the entries, one Mi credit (unless 0) and one {@code points-converted}. */
    @Override
    public void handle(MigratedAccount account, List<PocoPointsEntry> unsettled, boolean late) {
        PointsConversion conversion = PointsConversion.of(account, unsettled, config.rate(), late, Instant.now());
        writes.add(PointsConversion.INSERT, conversion.row());
        if (conversion.miPointsCredited > 0) {
            writes.add(MiPointsEntry.INSERT, MiPointsEntry.creditOf(conversion).row());
        }
        unsettled.forEach(entry -> writes.add(SETTLE, entry.entryId, conversion.conversionId));
        outbox.record(EventType.POINTS_CONVERTED, account.pocoAccountId, conversion.event());
    }
}
