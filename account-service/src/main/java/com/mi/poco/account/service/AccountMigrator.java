package com.mi.poco.account.service;

import com.mi.poco.account.BulkMigration;
import com.mi.poco.account.MiAccount;
import com.mi.poco.account.MigrationState;
import com.mi.poco.account.PendingAccount;
import com.mi.poco.account.PocoAccount;
import com.mi.poco.account.config.MigrationConfig;
import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.EventType;
import com.mi.poco.messaging.outbox.Outbox;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.db.DeferredWrites;
import com.mi.poco.platform.faults.ScheduledJob;
import com.mi.poco.platform.faults.TransientRetry;
import com.mi.poco.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Migrates POCO accounts to Mi accounts (docs/domain.md "Linking accounts"). A migration is recorded
 * first and answered at once; a worker then takes its pending accounts in batches, each batch one
 * transaction that links or provisions the Mi accounts, moves the accounts to MIGRATED and records
 * one {@code account-migrated} per account in the outbox. Accounts are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent migrations and instances never take the same one,
 * and the migration's lease lets another instance resume it if this one dies.
 */
@ApplicationScoped
public class AccountMigrator {

    private static final Logger LOG = Logger.getLogger(AccountMigrator.class);
    private static final String MI_ID_FORMAT = "MP%010d";
    /** Sorts before every account id (they are not blank). */
    private static final String FROM_THE_START = "";
    /** PENDING → MIGRATED, written for a batch of accounts at once from their events. */
    private static final BulkRows<AccountMigrated> MIGRATE = BulkRows.<AccountMigrated>update("poco_account", "poco_account_id")
            .column("poco_account_id", "text", AccountMigrated::pocoAccountId)
            .column("migration_state", "text", migrated -> MigrationState.MIGRATED)
            .column("mi_account_id", "text", AccountMigrated::miAccountId)
            .column("link", "text", AccountMigrated::link)
            .column("migration_id", "uuid", AccountMigrated::migrationId)
            .column("migrated_at", "timestamptz", AccountMigrated::migratedAt)
            .build();

    /** Fired when a migration has been recorded; its worker starts once the transaction commits. */
    public record MigrationStarted(UUID id) {
    }

    private final EntityManager entityManager;
    private final DeferredWrites writes;
    private final Outbox outbox;
    private final MigrationConfig config;
    private final ManagedExecutor workers;
    private final Event<MigrationStarted> started;
    private final TransientRetry retry;
    private final String worker = "account-service-" + UUID.randomUUID();

    public AccountMigrator(EntityManager entityManager, DeferredWrites writes, Outbox outbox, MigrationConfig config,
            ManagedExecutor workers, Event<MigrationStarted> started, TransientRetry retry) {
        this.retry = retry;
        this.entityManager = entityManager;
        this.writes = writes;
        this.outbox = outbox;
        this.config = config;
        this.workers = workers;
        this.started = started;
    }

    @Transactional
    public BulkMigration start(MigrationRequest request) {
        BulkMigration migration = new BulkMigration();
        migration.id = UUID.randomUUID();
        migration.selector = selectorOf(request);
        migration.status = BulkMigration.Status.RUNNING;
        migration.requestedAt = Instant.now();
        migration.unknownIds = List.of();
        switch (migration.selector) {
            case IDS -> countNamedAccounts(migration, request.pocoAccountIds());
            case REGION -> {
                migration.region = request.region().toLowerCase(Locale.ROOT);
                migration.total = PocoAccount.count("miAccountId is null and region = ?1", migration.region);
            }
            case ALL -> migration.total = PocoAccount.count("miAccountId is null");
        }
        migration.lease(worker, migration.requestedAt.plus(config.lease()));
        migration.persist();
        started.fire(new MigrationStarted(migration.id));
        return migration;
    }

    /** Stops a running migration after its current batch; its accounts stay where they are. */
    @Transactional
    public BulkMigration pause(UUID migrationId) {
        BulkMigration migration = lockedForChange(migrationId);
        if (migration.status == BulkMigration.Status.RUNNING) {
            migration.status = BulkMigration.Status.PAUSED;
            migration.lease(null, null);
            LOG.infof("Migration %s paused", migrationId);
        }
        return migration;
    }

    /** Takes a paused migration up again, here, from where it stopped. */
    @Transactional
    public BulkMigration resume(UUID migrationId) {
        BulkMigration migration = lockedForChange(migrationId);
        if (migration.status == BulkMigration.Status.PAUSED) {
            migration.status = BulkMigration.Status.RUNNING;
            migration.lease(worker, Instant.now().plus(config.lease()));
            started.fire(new MigrationStarted(migration.id));
            LOG.infof("Migration %s resumed", migrationId);
        }
        return migration;
    }

    private BulkMigration lockedForChange(UUID migrationId) {
        BulkMigration migration = entityManager.find(BulkMigration.class, migrationId, LockModeType.PESSIMISTIC_WRITE);
        if (migration == null) {
            throw ProblemException.notFound("migration", migrationId.toString());
        }
        if (migration.status == BulkMigration.Status.FINISHED) {
            throw ProblemException.conflict("migration-finished", "Migration " + migrationId + " has finished");
        }
        return migration;
    }

    void launch(@Observes(during = TransactionPhase.AFTER_SUCCESS) MigrationStarted event) {
        workers.execute(() -> run(event.id()));
    }

    /** Takes over migrations whose worker stopped renewing its lease (an instance died or gave up). */
    @Scheduled(every = "${migration.resume-interval:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void resumeAbandoned() {
        ScheduledJob.run("resuming abandoned migrations", this::resumeExpiredLeases);
    }

    private void resumeExpiredLeases() {
        List<UUID> abandoned = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<BulkMigration> expired = entityManager.createNativeQuery("""
                    SELECT * FROM migration
                    WHERE status = 'RUNNING' AND (lease_until IS NULL OR lease_until < now())
                    FOR UPDATE SKIP LOCKED""", BulkMigration.class).getResultList();
            Instant until = Instant.now().plus(config.lease());
            expired.forEach(m -> m.lease(worker, until));
            return expired.stream().map(m -> m.id).toList();
        });
        abandoned.forEach(id -> {
            LOG.infof("Resuming migration %s", id);
            workers.execute(() -> run(id));
        });
    }

    /**
     * Works through a migration batch by batch until nothing is left or its lease is lost. Each batch
     * takes the pending accounts after the last one taken, not from the start of the pending index:
     * without vacuum the index keeps an entry for every account migrated so far, and a scan from its
     * start read them all (58 ms per batch at 1,000,000 accounts). Accounts skipped on the way, locked
     * by another transaction that then rolled back, are found by one more pass from the start: the
     * migration only finishes when a pass from the start finds nothing. A transient failure (the
     * database down) is retried with backoff for as long as it lasts; any other failure of the same
     * batch {@code migration.batch-attempts} times in a row leaves the migration to be resumed when
     * its lease expires.
     */
    void run(UUID migrationId) {
        int failures = 0;
        String after = FROM_THE_START;
        while (true) {
            try {
                String from = after;
                // A database that blinks is waited out: the batch rolled back and is taken again.
                Optional<String> last = retry.call("migration " + migrationId,
                        () -> QuarkusTransaction.requiringNew().call(() -> migrateBatch(migrationId, from)));
                if (last.isEmpty()) {
                    return;
                }
                after = last.get();
                failures = 0;
            } catch (TransientRetry.Stopped stopped) {
                return;
            } catch (RuntimeException failure) {
                if (++failures >= config.batchAttempts()) {
                    LOG.errorf(failure, "Migration %s paused after %d failed attempts; it resumes when its lease"
                            + " expires", migrationId, failures);
                    return;
                }
                LOG.warnf("Migration %s: a batch failed and is retried: %s", migrationId, failure.getMessage());
            }
        }
    }

    /**
     * One transaction: migrates the next batch of pending accounts after {@code after}; answers where
     * the next batch starts, or nothing when the migration is finished (or not ours).
     */
    private Optional<String> migrateBatch(UUID migrationId, String after) {
        BulkMigration migration = entityManager.find(BulkMigration.class, migrationId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        if (migration == null || migration.status != BulkMigration.Status.RUNNING
                || migration.leasedToAnother(worker, now)) {
            return Optional.empty();
        }
        List<PendingAccount> batch = pendingBatch(migration, after);
        if (batch.isEmpty() && !after.equals(FROM_THE_START)) {
            return Optional.of(FROM_THE_START);
        }
        if (batch.isEmpty()) {
            migration.finish(migration.migrated, now);
            LOG.infof("Migration %s finished: %d accounts migrated", migrationId, migration.total);
            return Optional.empty();
        }
        Links links = new Links(batch);
        for (PendingAccount account : batch) {
            Linked linked = links.linkOrProvision(account, now);
            record(account.migrateTo(linked.account(), linked.how(), migrationId, now));
        }
        migration.migrated += batch.size();
        migration.lease(worker, now.plus(config.lease()));
        return Optional.of(batch.get(batch.size() - 1).pocoAccountId());
    }

    /** The outcome, written whole: the account's new state and the event that tells the other services. */
    private void record(AccountMigrated migrated) {
        writes.add(MIGRATE, migrated);
        outbox.record(EventType.ACCOUNT_MIGRATED, migrated.pocoAccountId(), migrated);
    }

    /**
     * The next pending accounts, locked. Pending is written "no Mi account yet" (the same, by a CHECK):
     * the pending indexes say it so, to leave the state out of every index (V6).
     */
    private List<PendingAccount> pendingBatch(BulkMigration migration, String after) {
        String filter = switch (migration.selector) {
            case IDS -> "AND poco_account_id IN (:ids)";
            case REGION -> "AND region = :region";
            case ALL -> "";
        };
        var query = entityManager.createNativeQuery("""
                SELECT poco_account_id, email, email_verified, region FROM poco_account
                WHERE mi_account_id IS NULL AND poco_account_id > :after %s
                ORDER BY poco_account_id
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""".formatted(filter), Tuple.class)
                .setParameter("after", after)
                .setParameter("limit", config.batchSize());
        if (migration.selector == BulkMigration.Selector.IDS) {
            if (migration.accountIds.isEmpty()) {
                return List.of();
            }
            query.setParameter("ids", migration.accountIds);
        } else if (migration.selector == BulkMigration.Selector.REGION) {
            query.setParameter("region", migration.region);
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = query.getResultList();
        return rows.stream()
                .map(row -> new PendingAccount(row.get("poco_account_id", String.class), row.get("email", String.class),
                        row.get("email_verified", Boolean.class), row.get("region", String.class)))
                .toList();
    }

    private void countNamedAccounts(BulkMigration migration, List<String> requested) {
        List<String> ids = requested.stream().distinct().toList();
        if (ids.isEmpty() || ids.size() > config.maxAccountIds()) {
            throw ProblemException.badRequest("invalid-migration-request",
                    "pocoAccountIds must name between 1 and " + config.maxAccountIds() + " accounts");
        }
        // pending, as everywhere here: no Mi account yet
        Map<String, Boolean> pendingById = entityManager.createQuery(
                        "select a.pocoAccountId as id, a.miAccountId as mi from PocoAccount a where a.pocoAccountId in :ids",
                        Tuple.class)
                .setParameter("ids", ids)
                .getResultStream()
                .collect(Collectors.toMap(row -> row.get("id", String.class), row -> row.get("mi") == null));
        List<String> pending = ids.stream().filter(id -> Boolean.TRUE.equals(pendingById.get(id))).toList();
        migration.accountIds = pending;
        migration.total = pending.size();
        migration.alreadyMigrated = pendingById.size() - pending.size();
        migration.unknownIds = ids.stream().filter(id -> !pendingById.containsKey(id)).toList();
        if (pendingById.isEmpty()) {
            throw new ProblemException("unknown-accounts", "Unknown accounts", 422,
                    "None of the " + ids.size() + " pocoAccountIds has been imported");
        }
    }

    private static BulkMigration.Selector selectorOf(MigrationRequest request) {
        boolean byIds = request.pocoAccountIds() != null;
        boolean byRegion = request.region() != null;
        boolean all = Boolean.TRUE.equals(request.all());
        if ((byIds ? 1 : 0) + (byRegion ? 1 : 0) + (all ? 1 : 0) != 1) {
            throw ProblemException.badRequest("invalid-migration-request",
                    "Name exactly one of pocoAccountIds, region, or all: true");
        }
        return byIds ? BulkMigration.Selector.IDS : byRegion ? BulkMigration.Selector.REGION : BulkMigration.Selector.ALL;
    }

    private record Linked(MiAccount account, AccountMigrated.Link how) {
    }

    /**
     * The Mi side of one batch: the Mi accounts holding the batch's e-mails, loaded in one query and
     * kept current as the batch provisions more, and a block of new Mi account numbers.
     */
    private final class Links {

        private final Map<String, MiAccount> byEmail = new HashMap<>();
        private final Deque<Long> numbers;

        Links(List<PendingAccount> batch) {
            Set<String> emails = batch.stream().map(PendingAccount::email).filter(Objects::nonNull)
                    .map(e -> e.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            MiAccount.linkableHoldingEmails(emails).forEach(m -> byEmail.put(m.email.toLowerCase(Locale.ROOT), m));
            @SuppressWarnings("unchecked")
            List<Number> block = entityManager
                    .createNativeQuery("SELECT nextval('mi_account_number') FROM generate_series(1, :n)")
                    .setParameter("n", batch.size())
                    .getResultList();
            numbers = block.stream().map(Number::longValue).collect(Collectors.toCollection(ArrayDeque::new));
        }

        /**
         * A verified e-mail links to the Mi account with the same verified e-mail; otherwise a Mi account
         * is provisioned, with the POCO e-mail if no Mi account holds it, else without one (the customer
         * verifies one later). An unverified e-mail never links.
         */
        Linked linkOrProvision(PendingAccount account, Instant now) {
            if (account.email() == null) {
                return provision(account, null, now);
            }
            String key = account.email().toLowerCase(Locale.ROOT);
            MiAccount holder = byEmail.get(key);
            if (holder != null && account.emailVerified() && holder.emailVerified) {
                return new Linked(holder, AccountMigrated.Link.LINKED_EXISTING);
            }
            if (holder != null) {
                return provision(account, null, now);
            }
            Linked provisioned = provision(account, account.email(), now);
            byEmail.put(key, provisioned.account());
            return provisioned;
        }

        private Linked provision(PendingAccount account, String email, Instant now) {
            MiAccount mi = MiAccount.provisioned(MI_ID_FORMAT.formatted(numbers.pop()), email,
                    account.emailVerified(), account.region(), now);
            writes.insert(mi);
            return new Linked(mi, AccountMigrated.Link.PROVISIONED);
        }
    }
}
