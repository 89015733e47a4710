package com.mi.poco.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A requested migration of many accounts: by ids, by region or all pending. Whichever instance holds
 * its lease works through it; if that instance dies, another takes the lease over and goes on.
 */
@Entity
@Table(name = "migration")
public class BulkMigration extends PanacheEntityBase {

    public enum Selector { IDS, REGION, ALL }

    /** PAUSED: an operator stopped it; no worker takes it up until it is resumed. */
    public enum Status { RUNNING, PAUSED, FINISHED }

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public Selector selector;

    public String region;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "account_ids")
    public List<String> accountIds;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** Accounts this migration expects to migrate; once finished, the number it did migrate. */
    public long total;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "unknown_ids")
    public List<String> unknownIds;

    @Column(name = "already_migrated")
    public long alreadyMigrated;

    /** Accounts this migration has moved out of PENDING so far (the accounts whose migration_id it is). */
    public long migrated;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "lease_owner")
    public String leaseOwner;

    public boolean leasedToAnother(String worker, Instant now) {
        return leaseOwner != null && !leaseOwner.equals(worker) && leaseUntil != null && leaseUntil.isAfter(now);
    }

    public void lease(String worker, Instant until) {
        leaseOwner = worker;
        leaseUntil = until;
    }

    public void finish(long migrated, Instant at) {
        status = Status.FINISHED;
        total = migrated;
        finishedAt = at;
        leaseOwner = null;
        leaseUntil = null;
    }
}
