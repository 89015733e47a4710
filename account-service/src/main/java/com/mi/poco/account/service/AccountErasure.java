package com.mi.poco.account.service;

import com.mi.poco.account.MiAccount;
import com.mi.poco.account.PocoAccount;
import com.mi.poco.events.AccountErased;
import com.mi.poco.events.EventType;
import com.mi.poco.messaging.outbox.Outbox;
import com.mi.poco.platform.imports.ImportedRecord;
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
 * went), feedback comments. What stays, for accounting: the accounts' ids, region and migration, and
 * each order's id, date, status, currency and total; every erased record keeps its id as a tombstone
 * ({@code content_hash = 'erased'}, {@code erased_at}), so that no import brings it back.
 *
 * <p>The Mi account is locked for update first; a migration batch share-locks the Mi accounts it
 * links to ({@link MiAccount#linkableHoldingEmails}), so the two never interleave: a batch waits for
 * the erasure and then does not link, or the erasure waits for the batch and then scrubs what it
 * linked. Asking again scrubs whatever is linked now and is not erased yet (publishing the event
 * again only if there was any); otherwise it changes nothing and publishes nothing.
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
        List<PocoAccount> linked = PocoAccount.list("miAccountId = ?1 order by pocoAccountId", miAccountId);
        List<String> ids = linked.stream().map(account -> account.pocoAccountId).toList();
        String[] notYetErased = linked.stream().filter(account -> account.erasedAt == null)
                .map(account -> account.pocoAccountId).toArray(String[]::new);
        if (mi.erasedAt != null && notYetErased.length == 0) {
            return new Erasure(miAccountId, ids, mi.erasedAt);
        }
        Instant now = Instant.now();
        if (mi.erasedAt == null) {
            mi.erasedAt = now;
            mi.email = null;
            mi.contentHash = mi.contentHash == null ? null : ImportedRecord.ERASED;
        }
        if (notYetErased.length > 0) {
            scrub(notYetErased, now);
        }
        outbox.record(EventType.ACCOUNT_ERASED, miAccountId, new AccountErased(miAccountId, ids, mi.erasedAt));
        LOG.infof("Erased the personal data of Mi account %s (%d POCO accounts scrubbed now, %d linked)",
                miAccountId, notYetErased.length, ids.size());
        return new Erasure(miAccountId, ids, mi.erasedAt);
    }

    private void scrub(String[] pocoAccountIds, Instant now) {
        entityManager.createNativeQuery("""
                UPDATE poco_account SET email = NULL, name = NULL, phone = NULL, content_hash = 'erased', erased_at = ?1
                WHERE poco_account_id = ANY(?2)""").setParameter(1, now).setParameter(2, pocoAccountIds).executeUpdate();
        entityManager.createNativeQuery("""
                UPDATE poco_order SET items = '[]', shipments = '[]', content_hash = 'erased'
                WHERE poco_account_id = ANY(?1)""").setParameter(1, pocoAccountIds).executeUpdate();
        entityManager.createNativeQuery("""
                UPDATE poco_feedback SET comment = NULL, content_hash = 'erased'
                WHERE poco_account_id = ANY(?1)""").setParameter(1, pocoAccountIds).executeUpdate();
    }
}
