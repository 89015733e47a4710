-- The reconciliation's totals, kept by the database in the transaction that writes the rows they
-- add up, so that reading them costs the same at 10,000,000 accounts as at 10: a recount of every
-- conversion took 3.6 s at 1,000,000 (and grows with each). The recount stays, as the audit
-- (GET /api/loyalty/reconciliation?audit=true), which also checks these totals against it.
--
-- Kept as migration-steps' V0_5 keeps the migrated accounts' count (migrated_account_totals): statement-
-- level triggers over transition tables, a transaction adding to one of 16 rows (totals_slot()).
CREATE TABLE points_totals (
    slot                   smallint      PRIMARY KEY,
    conversions            bigint        NOT NULL DEFAULT 0,
    initial_conversions    bigint        NOT NULL DEFAULT 0,  -- at most one per account (points_conversion_initial)
    balance                bigint        NOT NULL DEFAULT 0,  -- of the conversions
    expired_points         bigint        NOT NULL DEFAULT 0,
    poco_points_converted  bigint        NOT NULL DEFAULT 0,
    mi_points_credited     bigint        NOT NULL DEFAULT 0,
    remainders             numeric       NOT NULL DEFAULT 0,
    converted_times_rate   numeric       NOT NULL DEFAULT 0,
    ledger_credited        bigint        NOT NULL DEFAULT 0,  -- Mi ledger entries of reason POCO_CONVERSION
    settled_balance        bigint        NOT NULL DEFAULT 0   -- settled entries unexpired when their conversion ran
);

CREATE FUNCTION count_conversions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sign integer := CASE TG_OP WHEN 'DELETE' THEN -1 ELSE 1 END;
BEGIN
    INSERT INTO points_totals AS t (slot, conversions, initial_conversions, balance, expired_points,
                                    poco_points_converted, mi_points_credited, remainders, converted_times_rate)
    SELECT totals_slot(), sign * count(*), sign * count(*) FILTER (WHERE NOT late), sign * sum(balance),
           sign * sum(expired_points), sign * sum(poco_points_converted), sign * sum(mi_points_credited),
           sign * sum(remainder), sign * sum(poco_points_converted * rate)
    FROM changed HAVING count(*) > 0
    ON CONFLICT (slot) DO UPDATE SET
        conversions = t.conversions + excluded.conversions,
        initial_conversions = t.initial_conversions + excluded.initial_conversions,
        balance = t.balance + excluded.balance,
        expired_points = t.expired_points + excluded.expired_points,
        poco_points_converted = t.poco_points_converted + excluded.poco_points_converted,
        mi_points_credited = t.mi_points_credited + excluded.mi_points_credited,
        remainders = t.remainders + excluded.remainders,
        converted_times_rate = t.converted_times_rate + excluded.converted_times_rate;
    RETURN NULL;
END $$;
CREATE TRIGGER points_conversion_inserted AFTER INSERT ON points_conversion
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_conversions();
CREATE TRIGGER points_conversion_deleted AFTER DELETE ON points_conversion
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_conversions();

CREATE FUNCTION count_ledger_credits() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sign integer := CASE TG_OP WHEN 'DELETE' THEN -1 ELSE 1 END;
BEGIN
    INSERT INTO points_totals AS t (slot, ledger_credited)
    SELECT totals_slot(), sign * sum(delta) FROM changed WHERE reason = 'POCO_CONVERSION' HAVING count(*) > 0
    ON CONFLICT (slot) DO UPDATE SET ledger_credited = t.ledger_credited + excluded.ledger_credited;
    RETURN NULL;
END $$;
CREATE TRIGGER mi_points_entry_inserted AFTER INSERT ON mi_points_entry
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_ledger_credits();
CREATE TRIGGER mi_points_entry_deleted AFTER DELETE ON mi_points_entry
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_ledger_credits();

-- Settling (setting conversion_id) is the one update an entry gets; an entry counts if it had not
-- expired when its conversion ran (the conversion's converted_at: one primary-key probe per entry).
CREATE FUNCTION count_settled_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO points_totals AS t (slot, settled_balance)
    SELECT totals_slot(), sum(CASE WHEN a.conversion_id IS NOT NULL THEN a.delta ELSE -a.delta END)
    FROM after_update a JOIN before_update b USING (entry_id)
    WHERE a.conversion_id IS DISTINCT FROM b.conversion_id
      AND (a.expires_at IS NULL OR a.expires_at > (SELECT c.converted_at FROM points_conversion c
                                                   WHERE c.conversion_id = coalesce(a.conversion_id, b.conversion_id)))
    HAVING count(*) > 0
    ON CONFLICT (slot) DO UPDATE SET settled_balance = t.settled_balance + excluded.settled_balance;
    RETURN NULL;
END $$;
CREATE TRIGGER poco_points_entry_settled AFTER UPDATE ON poco_points_entry
    REFERENCING OLD TABLE AS before_update NEW TABLE AS after_update
    FOR EACH STATEMENT EXECUTE FUNCTION count_settled_entries();

-- What the tables hold already, counted once.
INSERT INTO points_totals (slot, conversions, initial_conversions, balance, expired_points,
                           poco_points_converted, mi_points_credited, remainders, converted_times_rate,
                           ledger_credited, settled_balance)
SELECT 0, count(*), count(*) FILTER (WHERE NOT late), coalesce(sum(balance), 0), coalesce(sum(expired_points), 0),
       coalesce(sum(poco_points_converted), 0), coalesce(sum(mi_points_credited), 0), coalesce(sum(remainder), 0),
       coalesce(sum(poco_points_converted * rate), 0),
       (SELECT coalesce(sum(delta), 0) FROM mi_points_entry WHERE reason = 'POCO_CONVERSION'),
       (SELECT coalesce(sum(e.delta), 0) FROM poco_points_entry e JOIN points_conversion k ON k.conversion_id = e.conversion_id
        WHERE e.expires_at IS NULL OR e.expires_at > k.converted_at)
FROM points_conversion;
