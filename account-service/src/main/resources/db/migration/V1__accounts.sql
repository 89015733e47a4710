-- account-service: legacy POCO accounts and history, Mi accounts, and each account's migration.

-- Xiaomi accounts: imported (they existed before) or provisioned by a migration.
CREATE SEQUENCE mi_account_number START 1;
CREATE TABLE mi_account (
    mi_account_id   varchar(64)  PRIMARY KEY,
    email           varchar(320),
    email_verified  boolean      NOT NULL,
    region          varchar(12)  NOT NULL,
    origin          varchar(12)  NOT NULL CHECK (origin IN ('IMPORTED', 'PROVISIONED')),
    content_hash    varchar(64),
    created_at      timestamptz  NOT NULL
);
-- One Mi account per e-mail, whatever its letter case.
CREATE UNIQUE INDEX mi_account_email ON mi_account (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE migration (
    id            uuid         PRIMARY KEY,
    selector      varchar(10)  NOT NULL CHECK (selector IN ('IDS', 'REGION', 'ALL')),
    region        varchar(12),
    account_ids   text[],
    status        varchar(10)  NOT NULL CHECK (status IN ('RUNNING', 'FINISHED')),
    total         bigint       NOT NULL,
    unknown_ids   text[]       NOT NULL DEFAULT '{}',
    already_migrated bigint    NOT NULL DEFAULT 0,
    requested_at  timestamptz  NOT NULL,
    finished_at   timestamptz,
    lease_until   timestamptz,
    lease_owner   varchar(64)
);
CREATE INDEX migration_running ON migration (lease_until) WHERE status = 'RUNNING';

-- A legacy account and where its migration stands (PENDING → MIGRATED → COMPLETED).
CREATE TABLE poco_account (
    poco_account_id  varchar(64)  PRIMARY KEY,
    email            varchar(320),
    email_verified   boolean      NOT NULL,
    name             varchar(200),
    phone            varchar(40),
    region           varchar(12)  NOT NULL,
    created_at       timestamptz  NOT NULL,
    content_hash     varchar(64)  NOT NULL,

    migration_state  varchar(10)  NOT NULL DEFAULT 'PENDING'
                     CHECK (migration_state IN ('PENDING', 'MIGRATED', 'COMPLETED')),
    mi_account_id    varchar(64)  REFERENCES mi_account,
    link             varchar(16)  CHECK (link IN ('LINKED_EXISTING', 'PROVISIONED')),
    migration_id     uuid         REFERENCES migration,
    migrated_at      timestamptz,
    completed_at     timestamptz,

    points_reported_at    timestamptz,
    points_conversions    int     NOT NULL DEFAULT 0,
    poco_points_converted bigint  NOT NULL DEFAULT 0,
    mi_points_credited    bigint  NOT NULL DEFAULT 0,
    expired_points        bigint  NOT NULL DEFAULT 0,
    coupons_reported_at   timestamptz,
    coupons_reissued      int     NOT NULL DEFAULT 0,
    coupons_not_reissued  int     NOT NULL DEFAULT 0,

    -- a migrated account has its Mi account; a pending one has none
    CHECK ((migration_state = 'PENDING') = (mi_account_id IS NULL)),
    CHECK ((migration_state = 'COMPLETED') = (completed_at IS NOT NULL))
);
-- The migration worker takes pending accounts in id order, all of them or one region's.
CREATE INDEX poco_account_pending ON poco_account (poco_account_id) WHERE migration_state = 'PENDING';
CREATE INDEX poco_account_pending_region ON poco_account (region, poco_account_id) WHERE migration_state = 'PENDING';
CREATE INDEX poco_account_mi ON poco_account (mi_account_id);
CREATE INDEX poco_account_migration ON poco_account (migration_id, migration_state);

-- One POCO account maps to exactly one Mi account, forever: the link is never changed once set.
CREATE FUNCTION poco_account_link_is_permanent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.mi_account_id IS NOT NULL AND NEW.mi_account_id IS DISTINCT FROM OLD.mi_account_id THEN
        RAISE EXCEPTION 'POCO account % is linked to Mi account % for good', OLD.poco_account_id, OLD.mi_account_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER poco_account_link_is_permanent BEFORE UPDATE OF mi_account_id ON poco_account
    FOR EACH ROW EXECUTE FUNCTION poco_account_link_is_permanent();

-- History. It may arrive before its account (services import independently): no foreign key.
CREATE TABLE poco_order (
    order_id         varchar(64)   PRIMARY KEY,
    poco_account_id  varchar(64)   NOT NULL,
    placed_at        timestamptz   NOT NULL,
    currency         char(3)       NOT NULL,
    total            numeric(14,2) NOT NULL CHECK (total >= 0),
    status           varchar(32)   NOT NULL,
    items            jsonb         NOT NULL,
    shipments        jsonb         NOT NULL,
    content_hash     varchar(64)   NOT NULL
);
CREATE INDEX poco_order_account ON poco_order (poco_account_id);

CREATE TABLE poco_feedback (
    feedback_id      varchar(64)  PRIMARY KEY,
    poco_account_id  varchar(64)  NOT NULL,
    order_id         varchar(64),
    rating           smallint     NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment          text,
    created_at       timestamptz  NOT NULL,
    content_hash     varchar(64)  NOT NULL
);
CREATE INDEX poco_feedback_account ON poco_feedback (poco_account_id);
