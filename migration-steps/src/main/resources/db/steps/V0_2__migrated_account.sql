-- The consuming steps' record of account-migrated (see MigrationSteps): which Mi account an account's
-- points and coupons go to, and the natural key that makes a second account-migrated a no-op.
CREATE TABLE migrated_account (
    poco_account_id  varchar(64)  PRIMARY KEY,
    mi_account_id    varchar(64)  NOT NULL,
    region           varchar(12)  NOT NULL,
    migrated_at      timestamptz  NOT NULL
);
CREATE INDEX migrated_account_mi ON migrated_account (mi_account_id);
