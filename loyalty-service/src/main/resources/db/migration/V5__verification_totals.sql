-- The migration verification's checks answered from kept totals (PointsVerification): legacy entries of
-- migrated accounts not settled yet (migration-steps' unhandled_records), and conversions crediting
-- another Mi account than their account's, counted when the conversion is written (a migrated account's
-- Mi account never changes). The others need no total: "no initial conversion" is the migrated accounts
-- less the initial conversions (each of one migrated account, at most one per account: the foreign key
-- and points_conversion_initial), and "more than one" is that unique index.
SELECT keep_unhandled_records('poco_points_entry', 'conversion_id');

ALTER TABLE points_totals ADD COLUMN credits_another_mi_account bigint NOT NULL DEFAULT 0;

CREATE FUNCTION count_conversions_crediting_another() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($sql$
        INSERT INTO points_totals AS t (slot, credits_another_mi_account)
        SELECT totals_slot(), sum(c.sign) FROM (%s) c JOIN migrated_account m USING (poco_account_id)
        WHERE c.mi_account_id <> m.mi_account_id HAVING sum(c.sign) <> 0
        ON CONFLICT (slot) DO UPDATE SET credits_another_mi_account = t.credits_another_mi_account
                                                                      + excluded.credits_another_mi_account
        $sql$, CASE TG_OP WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM added' ELSE 'SELECT -1 AS sign, * FROM removed' END);
    RETURN NULL;
END $$;
CREATE TRIGGER points_conversion_crediting_another_inserted AFTER INSERT ON points_conversion
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_conversions_crediting_another();
CREATE TRIGGER points_conversion_crediting_another_deleted AFTER DELETE ON points_conversion
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_conversions_crediting_another();
-- A conversion is written once; its account and Mi account are not changed afterwards.
CREATE FUNCTION points_conversion_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'points conversion % of POCO account % is final', OLD.conversion_id, OLD.poco_account_id
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER points_conversion_is_final BEFORE UPDATE OF poco_account_id, mi_account_id ON points_conversion
    FOR EACH ROW WHEN (NEW.poco_account_id IS DISTINCT FROM OLD.poco_account_id
                       OR NEW.mi_account_id IS DISTINCT FROM OLD.mi_account_id)
    EXECUTE FUNCTION points_conversion_is_final();

INSERT INTO points_totals AS t (slot, credits_another_mi_account)
SELECT 0, count(*) FROM points_conversion c JOIN migrated_account m USING (poco_account_id)
WHERE c.mi_account_id <> m.mi_account_id
ON CONFLICT (slot) DO UPDATE SET credits_another_mi_account = t.credits_another_mi_account + excluded.credits_another_mi_account;
