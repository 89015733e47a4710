-- What the test subscriber writes: one row per account-erased event it applied (a second row for the
-- same event would break the primary key, and the tests count rows), and the Mi accounts whose events
-- it refuses for now (a cause a test can mend).
CREATE TABLE noted_erasure (
    mi_account_id varchar(64) PRIMARY KEY,
    noted_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE refused_account (
    mi_account_id varchar(64) PRIMARY KEY
);
