package com.mi.poco.account.service;

import com.mi.poco.account.MiAccount;
import com.mi.poco.account.PocoAccount;
import com.mi.poco.account.PocoFeedback;
import com.mi.poco.account.PocoOrder;
import com.mi.poco.account.imports.AccountLine;
import com.mi.poco.account.imports.FeedbackLine;
import com.mi.poco.account.imports.MiAccountLine;
import com.mi.poco.account.imports.OrderLine;
import com.mi.poco.platform.imports.ImportedFile;
import com.mi.poco.platform.imports.ImportedRecords;
import com.mi.poco.platform.imports.LineHandler;
import com.mi.poco.platform.imports.LineOutcome;
import com.mi.poco.platform.imports.RejectedLine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * account-service's files of the POCO export and how their lines are stored. The importer runs each
 * chunk of lines in a transaction of its own, so a large file commits as it streams and a bad line
 * loses nothing else.
 */
@ApplicationScoped
public class LegacyImport {

    private final ImportedRecords records;

    public LegacyImport(ImportedRecords records) {
        this.records = records;
    }

    /** The four files, in the order an import sends them. */
    public List<ImportedFile<?>> files() {
        return List.of(
                new ImportedFile<>("accounts", AccountLine.class, this::accounts),
                new ImportedFile<>("mi-accounts", MiAccountLine.class, this::miAccounts),
                new ImportedFile<>("orders", OrderLine.class, this::orders),
                new ImportedFile<>("feedback", FeedbackLine.class, this::feedback));
    }

    private LineHandler<AccountLine> accounts() {
        // an erased account's own line meets its tombstone (content hash 'erased') in storeOnce
        return records.storeOnce(PocoAccount.class, "pocoAccountId", AccountLine::pocoAccountId, LegacyImport::account)
                .inBulk(PocoAccount.INSERT);
    }

    /** Mi accounts: also, an e-mail no other Mi account holds (checked for a chunk of lines in one query). */
    private LineHandler<MiAccountLine> miAccounts() {
        HeldEmails held = new HeldEmails();
        LineHandler<MiAccountLine> store = records.storeOnce(MiAccount.class, "miAccountId", MiAccountLine::miAccountId,
                (line, fingerprint) -> miAccount(line, fingerprint, held)).inBulk(MiAccount.INSERT);
        return new LineHandler<>() {
            @Override
            public void prefetch(List<MiAccountLine> chunk) {
                store.prefetch(chunk);
                held.load(chunk);
            }

            @Override
            public LineOutcome apply(MiAccountLine line) {
                return store.apply(line);
            }

            @Override
            public void finish() {
                store.finish();
            }
        };
    }

    private LineHandler<OrderLine> orders() {
        return new RefuseErased<>(OrderLine::pocoAccountId,
                records.storeOnce(PocoOrder.class, "orderId", OrderLine::orderId, PocoOrder::of));
    }

    private LineHandler<FeedbackLine> feedback() {
        return new RefuseErased<>(FeedbackLine::pocoAccountId,
                records.storeOnce(PocoFeedback.class, "feedbackId", FeedbackLine::feedbackId, PocoFeedback::of)
                        .inBulk(PocoFeedback.INSERT));
    }

    /**
     * Erasure sticks: no order or feedback, old or new, is imported again for a POCO account whose data
     * was erased on request (its own line is refused by its tombstone). Each such line is rejected,
     * saying when the account was erased; the erased accounts among a chunk's are read in one query.
     */
    private static final class RefuseErased<L> implements LineHandler<L> {

        private final Function<L, String> account;
        private final LineHandler<L> store;
        private final Map<String, Instant> erased = new HashMap<>();

        RefuseErased(Function<L, String> account, LineHandler<L> store) {
            this.account = account;
            this.store = store;
        }

        @Override
        public void prefetch(List<L> chunk) {
            erased.clear();
            erased.putAll(PocoAccount.erasedAmong(chunk.stream().map(account).filter(Objects::nonNull).distinct().toList()));
            store.prefetch(chunk);
        }

        @Override
        public LineOutcome apply(L line) {
            String id = account.apply(line);
            Instant when = id == null ? null : erased.get(id);
            if (when != null) {
                throw new RejectedLine("pocoAccountId " + id + " was erased on request on " + when
                        + ": nothing is imported for it again");
            }
            return store.apply(line);
        }

        @Override
        public void finish() {
            store.finish();
        }
    }

    private static PocoAccount account(AccountLine line, String fingerprint) {
        PocoAccount account = new PocoAccount();
        account.pocoAccountId = line.pocoAccountId();
        account.email = blankToNull(line.email());
        account.emailVerified = line.emailVerified();
        account.name = line.name();
        account.phone = line.phone();
        account.region = line.region().toLowerCase(Locale.ROOT);
        account.createdAt = line.createdAt();
        account.contentHash = fingerprint;
        return account;
    }

    private static MiAccount miAccount(MiAccountLine line, String fingerprint, HeldEmails held) {
        String email = blankToNull(line.email());
        if (email != null && !held.claim(email)) {
            throw new RejectedLine("email of Mi account " + line.miAccountId() + " already belongs to another Mi account");
        }
        MiAccount account = new MiAccount();
        account.miAccountId = line.miAccountId();
        account.email = email;
        account.emailVerified = email != null;
        account.region = line.region().toLowerCase(Locale.ROOT);
        account.origin = MiAccount.Origin.IMPORTED;
        account.contentHash = fingerprint;
        account.createdAt = Instant.now();
        return account;
    }

    /** The e-mails held by Mi accounts among those of a chunk of lines, kept current as the chunk stores more. */
    private final class HeldEmails {

        private final Set<String> held = new HashSet<>();

        void load(List<MiAccountLine> chunk) {
            held.clear();
            List<String> emails = chunk.stream().map(line -> blankToNull(line.email())).filter(Objects::nonNull)
                    .map(email -> email.toLowerCase(Locale.ROOT)).distinct().toList();
            MiAccount.holdingEmails(emails).forEach(m -> held.add(m.email.toLowerCase(Locale.ROOT)));
        }

        /** Claims {@code email} for a new Mi account; false if a Mi account holds it already. */
        boolean claim(String email) {
            return held.add(email.toLowerCase(Locale.ROOT));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
