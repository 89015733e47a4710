-- The consuming steps' record of account-erased: a Mi account whose data is no longer shown to anyone.
CREATE TABLE erased_account (
    mi_account_id  varchar(64)  PRIMARY KEY,
    erased_at      timestamptz  NOT NULL
);
