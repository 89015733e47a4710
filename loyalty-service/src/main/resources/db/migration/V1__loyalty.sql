-- loyalty-service: POCO points ledgers as exported, their conversion, and the Mi points ledgers.

-- migrated_account (which Mi account receives what this step makes) is the platform's: V0_2.

-- One conversion: the entries of one account converted at one time (late ones make more).
CREATE TABLE points_conversion (
    conversion_id          uuid          PRIMARY KEY,
    poco_account_id        varchar(64)   NOT NULL REFERENCES migrated_account,
    mi_account_id          varchar(64)   NOT NULL,
    late                   boolean       NOT NULL,
    converted_at           timestamptz   NOT NULL,
    balance                bigint        NOT NULL,
    expired_points         bigint        NOT NULL CHECK (expired_points >= 0),
    poco_points_converted  bigint        NOT NULL CHECK (poco_points_converted = greatest(balance, 0)),
    rate                   numeric(12,6) NOT NULL CHECK (rate > 0),
    mi_points_credited     bigint        NOT NULL CHECK (mi_points_credited >= 0),
    remainder              numeric(24,6) NOT NULL CHECK (remainder >= 0 AND remainder < 1),
    -- conservation inside one conversion: credited + remainder = converted x rate
    CHECK (mi_points_credited + remainder = poco_points_converted * rate)
);
-- The natural-key guard behind the inbox: one conversion at migration per account, whatever happens.
CREATE UNIQUE INDEX points_conversion_initial ON points_conversion (poco_account_id) WHERE NOT late;

-- The legacy ledger as it was; conversion_id says which conversion settled an entry.
CREATE TABLE poco_points_entry (
    entry_id         varchar(64)  PRIMARY KEY,
    poco_account_id  varchar(64)  NOT NULL,
    delta            bigint       NOT NULL,
    reason           varchar(64)  NOT NULL,
    at               timestamptz  NOT NULL,
    expires_at       timestamptz,
    content_hash     varchar(64)  NOT NULL,
    conversion_id    uuid         REFERENCES points_conversion
);
CREATE INDEX poco_points_entry_account ON poco_points_entry (poco_account_id);
CREATE INDEX poco_points_entry_unsettled ON poco_points_entry (poco_account_id) WHERE conversion_id IS NULL;

-- Mi loyalty ledger. A conversion credits at most one entry.
CREATE TABLE mi_points_entry (
    id               uuid         PRIMARY KEY,
    mi_account_id    varchar(64)  NOT NULL,
    delta            bigint       NOT NULL,
    reason           varchar(32)  NOT NULL,
    conversion_id    uuid         UNIQUE REFERENCES points_conversion,
    poco_account_id  varchar(64),
    at               timestamptz  NOT NULL
);
CREATE INDEX mi_points_entry_account ON mi_points_entry (mi_account_id);
