-- What the migration verification asks of a step, kept like migrated_account_totals (V0_5) instead of
-- recounted from every migrated account (seconds per million accounts): the digest of the migrated
-- (POCO account, Mi account) pairs, and how many of the step's records of migrated accounts are not
-- handled yet (points entries not settled, coupons not decided).
--
-- The latter joins two tables written by different transactions: an import storing an account's
-- records while its migration is being recorded. Each transaction's trigger counts what it sees, and
-- under READ COMMITTED neither would see the other's rows: the record would be missed by both. So the
-- two take one lock per records table, which closes that window: an import's statement takes it
-- exclusively, a step's recording of migrated accounts shares it; both hold it to their commit, and
-- whichever comes second counts after the first committed, with a fresh snapshot (each statement of a
-- PL/pgSQL function takes one), and so sees its rows. Steps never wait for each other; an import's
-- chunk waits for the step transactions in flight, which are short. Settling a record takes no lock:
-- only the step that records the account, or the late sweep holding the account's row, settles it.
ALTER TABLE migrated_account_totals
    ADD COLUMN pairs              bigint  NOT NULL DEFAULT 0,  -- sum of hashtext(poco_account_id || '>' || mi_account_id)
    ADD COLUMN unhandled_records  bigint  NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION count_migrated_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sign integer := CASE TG_OP WHEN 'DELETE' THEN -1 ELSE 1 END;
BEGIN
    INSERT INTO migrated_account_totals AS t (slot, accounts, pairs)
    SELECT totals_slot(), sign * count(*), sign * sum(hashtext(poco_account_id || '>' || mi_account_id)::bigint)
    FROM changed HAVING count(*) > 0
    ON CONFLICT (slot) DO UPDATE SET accounts = t.accounts + excluded.accounts, pairs = t.pairs + excluded.pairs;
    RETURN NULL;
END $$;

INSERT INTO migrated_account_totals AS t (slot, pairs)
SELECT 0, coalesce(sum(hashtext(poco_account_id || '>' || mi_account_id)::bigint), 0) FROM migrated_account
ON CONFLICT (slot) DO UPDATE SET pairs = t.pairs + excluded.pairs;

-- A migrated account's Mi account never changes (as in account-service): the checks that compare a
-- record's Mi account with its account's are kept when the record is written.
CREATE FUNCTION migrated_account_link_is_permanent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'POCO account % migrated to Mi account % for good', OLD.poco_account_id, OLD.mi_account_id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER migrated_account_link_is_permanent BEFORE UPDATE OF mi_account_id ON migrated_account
    FOR EACH ROW WHEN (NEW.mi_account_id IS DISTINCT FROM OLD.mi_account_id)
    EXECUTE FUNCTION migrated_account_link_is_permanent();

-- On migrated_account (arguments: the records table, its handled column): the records of the accounts
-- recorded (or removed) not handled yet.
CREATE FUNCTION count_unhandled_records_of_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtext('unhandled ' || TG_ARGV[0]));
    EXECUTE format($sql$
        INSERT INTO migrated_account_totals AS t (slot, unhandled_records)
        SELECT totals_slot(), %s * count(*) FROM %I m JOIN %I r USING (poco_account_id) WHERE r.%I IS NULL
        HAVING count(*) > 0
        ON CONFLICT (slot) DO UPDATE SET unhandled_records = t.unhandled_records + excluded.unhandled_records
        $sql$, CASE TG_OP WHEN 'DELETE' THEN -1 ELSE 1 END, CASE TG_OP WHEN 'DELETE' THEN 'removed' ELSE 'added' END,
        TG_ARGV[0], TG_ARGV[1]);
    RETURN NULL;
END $$;

-- On the records table (argument: its handled column): the records of migrated accounts that became,
-- or stopped being, unhandled.
CREATE FUNCTION count_unhandled_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        PERFORM pg_advisory_xact_lock(hashtext('unhandled ' || TG_TABLE_NAME));
    END IF;
    EXECUTE format($sql$
        INSERT INTO migrated_account_totals AS t (slot, unhandled_records)
        SELECT totals_slot(), sum(r.sign) FROM (%s) r
        WHERE r.handled IS NULL AND EXISTS (SELECT 1 FROM migrated_account m WHERE m.poco_account_id = r.poco_account_id)
        HAVING sum(r.sign) <> 0
        ON CONFLICT (slot) DO UPDATE SET unhandled_records = t.unhandled_records + excluded.unhandled_records
        $sql$, CASE TG_OP
            WHEN 'INSERT' THEN format('SELECT 1 AS sign, poco_account_id, %I AS handled FROM added', TG_ARGV[0])
            WHEN 'DELETE' THEN format('SELECT -1 AS sign, poco_account_id, %I AS handled FROM removed', TG_ARGV[0])
            ELSE format('SELECT 1 AS sign, poco_account_id, %1$I AS handled FROM added
                         UNION ALL SELECT -1, poco_account_id, %1$I FROM removed', TG_ARGV[0])
        END);
    RETURN NULL;
END $$;

-- The triggers for one step's records, and what its tables hold already, counted once.
CREATE FUNCTION keep_unhandled_records(records regclass, handled text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT relname FROM pg_class WHERE oid = records);
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON migrated_account REFERENCING NEW TABLE AS added
                    FOR EACH STATEMENT EXECUTE FUNCTION count_unhandled_records_of_accounts(%L, %L)',
                   'migrated_account_' || name || '_unhandled_added', name, handled);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON migrated_account REFERENCING OLD TABLE AS removed
                    FOR EACH STATEMENT EXECUTE FUNCTION count_unhandled_records_of_accounts(%L, %L)',
                   'migrated_account_' || name || '_unhandled_removed', name, handled);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS added
                    FOR EACH STATEMENT EXECUTE FUNCTION count_unhandled_records(%L)', name || '_unhandled_inserted', name, handled);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS removed NEW TABLE AS added
                    FOR EACH STATEMENT EXECUTE FUNCTION count_unhandled_records(%L)', name || '_unhandled_updated', name, handled);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS removed
                    FOR EACH STATEMENT EXECUTE FUNCTION count_unhandled_records(%L)', name || '_unhandled_deleted', name, handled);
    EXECUTE format($sql$
        INSERT INTO migrated_account_totals AS t (slot, unhandled_records)
        SELECT 0, count(*) FROM migrated_account m JOIN %I r USING (poco_account_id) WHERE r.%I IS NULL
        ON CONFLICT (slot) DO UPDATE SET unhandled_records = t.unhandled_records + excluded.unhandled_records
        $sql$, name, handled);
END $$;
