package com.mi.poco.account.service;

import com.mi.poco.account.MiAccount;
import com.mi.poco.account.BulkMigration;
import com.mi.poco.account.MigrationState;
import com.mi.poco.account.PocoAccount;
import com.mi.poco.account.PocoFeedback;
import com.mi.poco.account.PocoOrder;
import com.mi.poco.account.config.MigrationConfig;
import com.mi.poco.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/** What clients read: a migration's progress, an account's migration, a Mi account's POCO data. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AccountQueries {

    private final EntityManager entityManager;
    private final MigrationConfig config;

    public AccountQueries(EntityManager entityManager, MigrationConfig config) {
        this.entityManager = entityManager;
        this.config = config;
    }

    public MigrationProgress progress(UUID migrationId) {
        BulkMigration m = BulkMigration.<BulkMigration>findByIdOptional(migrationId)
                .orElseThrow(() -> ProblemException.notFound("migration", migrationId.toString()));
        long completed = ((Number) entityManager.createNativeQuery(
                        "SELECT coalesce(sum(accounts), 0) FROM migration_completed WHERE migration_id = ?1")
                .setParameter(1, migrationId)
                .getSingleResult()).longValue();
        Map<MigrationState, Long> accounts = new EnumMap<>(MigrationState.class);
        accounts.put(MigrationState.PENDING, m.status != BulkMigration.Status.FINISHED ? Math.max(0, m.total - m.migrated) : 0L);
        accounts.put(MigrationState.MIGRATED, m.migrated - completed);
        accounts.put(MigrationState.COMPLETED, completed);
        List<String> unknown = m.unknownIds == null ? List.of() : m.unknownIds;
        return new MigrationProgress(m.id, m.status, m.selector, m.region, m.requestedAt, m.finishedAt, m.total,
                accounts, m.alreadyMigrated, unknown.size(),
                unknown.subList(0, Math.min(unknown.size(), config.maxUnknownIdsListed())));
    }

    /** The latest bulk migrations, newest first: what the ops console lists. */
    public List<MigrationProgress> latest(int limit) {
        return entityManager.createQuery("select m.id from BulkMigration m order by m.requestedAt desc", UUID.class)
                .setMaxResults(limit)
                .getResultList().stream()
                .map(this::progress)
                .toList();
    }

    public AccountMigrationView accountMigration(String pocoAccountId) {
        return PocoAccount.<PocoAccount>findByIdOptional(pocoAccountId)
                .map(AccountMigrationView::of)
                .orElseThrow(() -> ProblemException.notFound("POCO account", pocoAccountId));
    }

    /** The POCO accounts of the Mi account {@code ?1} that are not erased. */
    private static final String HELD_ACCOUNTS =
            "select a.pocoAccountId from PocoAccount a where a.miAccountId = ?1 and a.erasedAt is null";

    /**
     * Everything account-service holds for a Mi account from POCO, in three statements: the Mi account
     * with its POCO accounts, then their orders, then their feedback. The accounts are named by a
     * subquery, not by a list of their ids: Hibernate does not cache the SQL it makes of a query with a
     * list parameter, and translated both queries anew on every export (a fifth of the service's CPU,
     * and an exception thrown and caught per query when it first tried the list as one value).
     */
    public PersonalDataExport personalData(String miAccountId) {
        // after an erasure the document is empty: nothing personal is left to export
        List<Object[]> holding = entityManager.createQuery("""
                        select m, a from MiAccount m
                        left join PocoAccount a on a.miAccountId = m.miAccountId and a.erasedAt is null
                        where m.miAccountId = ?1 order by a.pocoAccountId""", Object[].class)
                .setParameter(1, miAccountId)
                .getResultList();
        if (holding.isEmpty()) {
            throw ProblemException.notFound("Mi account", miAccountId);
        }
        MiAccount mi = (MiAccount) holding.get(0)[0];
        List<PocoAccount> accounts = holding.stream().map(row -> (PocoAccount) row[1]).filter(Objects::nonNull).toList();
        Map<String, List<PocoOrder>> orders = accounts.isEmpty() ? Map.of() : PocoOrder.<PocoOrder>list(
                        "pocoAccountId in (" + HELD_ACCOUNTS + ") order by placedAt, orderId", miAccountId).stream()
                .collect(Collectors.groupingBy(o -> o.pocoAccountId));
        Map<String, List<PocoFeedback>> feedback = accounts.isEmpty() ? Map.of() : PocoFeedback.<PocoFeedback>list(
                        "pocoAccountId in (" + HELD_ACCOUNTS + ") order by createdAt, feedbackId", miAccountId).stream()
                .collect(Collectors.groupingBy(f -> f.pocoAccountId));
        return new PersonalDataExport(mi.miAccountId, mi.email, mi.region, mi.erasedAt, Instant.now(), accounts.stream()
                .map(a -> new PersonalDataExport.PocoAccountData(a.pocoAccountId, a.email, a.emailVerified, a.name,
                        a.phone, a.region, a.createdAt, a.migratedAt,
                        orders.getOrDefault(a.pocoAccountId, List.of()).stream()
                                .map(o -> new PersonalDataExport.Order(o.orderId, o.placedAt, o.currency, o.total,
                                        o.status, o.items, o.shipments))
                                .toList(),
                        feedback.getOrDefault(a.pocoAccountId, List.of()).stream()
                                .map(f -> new PersonalDataExport.Feedback(f.feedbackId, f.orderId, f.rating,
                                        f.comment, f.createdAt))
                                .toList()))
                .toList());
    }
}
