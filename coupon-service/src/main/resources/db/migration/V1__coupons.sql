-- coupon-service: POCO coupons as exported, what became of each, and the reissued Mi coupons.

-- migrated_account (which Mi account receives what this step makes) is the platform's: V0_2.

CREATE TABLE poco_coupon (
    code             varchar(64)   PRIMARY KEY,
    poco_account_id  varchar(64)   NOT NULL,
    kind             varchar(8)    NOT NULL CHECK (kind IN ('AMOUNT', 'PERCENT')),
    value            numeric(12,2) NOT NULL CHECK (value > 0),
    currency         char(3),
    min_spend        numeric(12,2) CHECK (min_spend >= 0),
    issued_at        timestamptz   NOT NULL,
    expires_at       timestamptz   NOT NULL,
    status           varchar(8)    NOT NULL CHECK (status IN ('ACTIVE', 'REDEEMED', 'REVOKED')),
    content_hash     varchar(64)   NOT NULL,
    -- what the migration decided; null until the account migrated
    decision         varchar(10)   CHECK (decision IN ('REISSUED', 'EXPIRED', 'REDEEMED', 'REVOKED')),
    decided_at       timestamptz,
    CHECK ((kind = 'PERCENT') = (currency IS NULL)),
    CHECK (kind <> 'PERCENT' OR value <= 100),
    CHECK ((decision IS NULL) = (decided_at IS NULL))
);
CREATE INDEX poco_coupon_account ON poco_coupon (poco_account_id);
CREATE INDEX poco_coupon_undecided ON poco_coupon (poco_account_id) WHERE decision IS NULL;

CREATE TABLE mi_coupon (
    id             uuid          PRIMARY KEY,
    code           varchar(32)   NOT NULL UNIQUE,
    mi_account_id  varchar(64)   NOT NULL,
    -- each POCO coupon is reissued at most once
    legacy_code    varchar(64)   NOT NULL UNIQUE REFERENCES poco_coupon,
    kind           varchar(8)    NOT NULL CHECK (kind IN ('AMOUNT', 'PERCENT')),
    value          numeric(12,2) NOT NULL,
    currency       char(3),
    min_spend      numeric(12,2),
    expires_at     timestamptz   NOT NULL,
    issued_at      timestamptz   NOT NULL,
    status         varchar(8)    NOT NULL CHECK (status IN ('ACTIVE', 'REDEEMED')),
    redeemed_at    timestamptz,
    order_id       varchar(64),
    CHECK ((status = 'REDEEMED') = (redeemed_at IS NOT NULL)),
    CHECK ((kind = 'PERCENT') = (currency IS NULL))
);
CREATE INDEX mi_coupon_account ON mi_coupon (mi_account_id);
