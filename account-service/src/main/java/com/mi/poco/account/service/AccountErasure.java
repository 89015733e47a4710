package com.mi.poco.account.service;

import com.mi.poco.account.MiAccount;
import com.mi.poco.account.PocoAccount;
import com.mi.poco.events.AccountErased;
import com.mi.poco.events.EventType;
import com.mi.poco.platform.outbox.Outbox;
import com.mi.poco.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Erasure on request (right to be forgotten) of a Mi account's migrated personal data, in one
 * transaction with its {@code account-erased} event. What goes: e-mail, name and phone of the account
 * and of the POCO accounts migrated into it, order lines and shipments (what was bought, where it
 * went), feedback. What stays, for accounting: the accounts' ids, region and migration, and each
 * order's id, date, status, currency and total. Asking again changes nothing and publishes nothing.
 */
@ApplicationScoped
public class AccountErasure {

    private static final Logger LOG = Logger.getLogger(AccountErasure.class);

    public record Erasure(String miAccountId, List<String> pocoAccountIds, Instant erasedAt) {
    }

    private final EntityManager entityManager;
    private final Outbox outbox;

    public AccountErasure(EntityManager entityManager, Outbox outbox) {
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    @Transactional
    public Erasure erase(String miAccountId) {
        MiAccount mi = MiAccount.<MiAccount>findByIdOptional(miAccountId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("Mi account", miAccountId));
        List<String> ids = PocoAccount.<PocoAccount>list("miAccountId = ?1 order by pocoAccountId", miAccountId).stream()
                .map(account -> account.pocoAccountId).toList();
        if (mi.erasedAt != null) {
            return new Erasure(miAccountId, ids, mi.erasedAt);
        }
        Instant now = Instant.now();
        mi.erasedAt = now;
        mi.email = null;
        mi.contentHash = mi.contentHash == null ? null : "erased";
        entityManager.createNativeQuery("""
                UPDATE poco_account SET email = NULL, name = NULL, phone = NULL, content_hash = 'erased', erased_at = ?1
                WHERE mi_account_id = ?2""").setParameter(1, now).setParameter(2, miAccountId).executeUpdate();
        if (!ids.isEmpty()) {
            entityManager.createNativeQuery("""
                    UPDATE poco_order SET items = '[]', shipments = '[]', content_hash = 'erased'
                    WHERE poco_account_id = ANY(?1)""").setParameter(1, ids.toArray(String[]::new)).executeUpdate();
            entityManager.createNativeQuery("DELETE FROM poco_feedback WHERE poco_account_id = ANY(?1)")
                    .setParameter(1, ids.toArray(String[]::new)).executeUpdate();
        }
        outbox.record(EventType.ACCOUNT_ERASED, miAccountId, new AccountErased(miAccountId, ids, now));
        LOG.infof("Erased the personal data of Mi account %s (%d POCO accounts)", miAccountId, ids.size());
        return new Erasure(miAccountId, ids, now);
    }
}
