-- How many accounts a step has recorded as migrated, kept by the database in the transaction that
-- records them, for the services' constant-time reports (loyalty-service's reconciliation,
-- coupon-service's summary) instead of a count of every row.
--
-- The way every such total is kept here: a statement-level trigger over the statement's transition
-- table adds one aggregate to one row per statement (a bulk statement of hundreds of rows costs one
-- upsert, not one per row), whatever wrote the rows; and a transaction adds to one of 16 rows
-- (totals_slot: its transaction id modulo 16), so that concurrent batches seldom wait on the same
-- row. A total is the sum over its rows.
CREATE FUNCTION totals_slot() RETURNS smallint LANGUAGE sql AS $$ SELECT (txid_current() % 16)::smallint $$;

CREATE TABLE migrated_account_totals (
    slot      smallint  PRIMARY KEY,
    accounts  bigint    NOT NULL DEFAULT 0
);

CREATE FUNCTION count_migrated_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sign integer := CASE TG_OP WHEN 'DELETE' THEN -1 ELSE 1 END;
BEGIN
    INSERT INTO migrated_account_totals AS t (slot, accounts)
    SELECT totals_slot(), sign * count(*) FROM changed HAVING count(*) > 0
    ON CONFLICT (slot) DO UPDATE SET accounts = t.accounts + excluded.accounts;
    RETURN NULL;
END $$;
CREATE TRIGGER migrated_account_inserted AFTER INSERT ON migrated_account
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_migrated_accounts();
CREATE TRIGGER migrated_account_deleted AFTER DELETE ON migrated_account
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_migrated_accounts();

INSERT INTO migrated_account_totals (slot, accounts) SELECT 0, count(*) FROM migrated_account;
