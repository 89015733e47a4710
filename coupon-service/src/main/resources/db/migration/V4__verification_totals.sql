-- The migration verification's checks answered from kept totals (CouponVerification): legacy coupons of
-- migrated accounts not decided yet (migration-steps' unhandled_records); coupons decided REISSUED
-- without their Mi coupon; Mi coupons issued to another Mi account than their legacy coupon's account
-- migrated to (a migrated account's Mi account never changes). "Reissued more than once" needs no
-- total: mi_coupon.legacy_code is unique.
--
-- A coupon's decision and its Mi coupon are written by one transaction holding the coupon's row, in
-- either order: each side's trigger counts against what the other side holds at that moment, so the
-- total is right whichever comes first.
SELECT keep_unhandled_records('poco_coupon', 'decision');

ALTER TABLE coupon_totals
    ADD COLUMN reissued_without_mi_coupon      bigint  NOT NULL DEFAULT 0,
    ADD COLUMN reissued_to_another_mi_account  bigint  NOT NULL DEFAULT 0;

CREATE FUNCTION count_reissued_without_mi_coupon() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($sql$
        INSERT INTO coupon_totals AS t (slot, reissued_without_mi_coupon)
        SELECT totals_slot(), sum(sign) FROM (%s) c
        WHERE c.decision = 'REISSUED' AND NOT EXISTS (SELECT 1 FROM mi_coupon n WHERE n.legacy_code = c.code)
        HAVING sum(sign) <> 0
        ON CONFLICT (slot) DO UPDATE SET reissued_without_mi_coupon = t.reissued_without_mi_coupon
                                                                      + excluded.reissued_without_mi_coupon
        $sql$, changed_rows(TG_OP, 'code, decision'));
    RETURN NULL;
END $$;
CREATE TRIGGER poco_coupon_reissued_inserted AFTER INSERT ON poco_coupon
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_reissued_without_mi_coupon();
CREATE TRIGGER poco_coupon_reissued_updated AFTER UPDATE ON poco_coupon
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_reissued_without_mi_coupon();
CREATE TRIGGER poco_coupon_reissued_deleted AFTER DELETE ON poco_coupon
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_reissued_without_mi_coupon();

CREATE FUNCTION count_mi_coupons_of_reissues() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($sql$
        INSERT INTO coupon_totals AS t (slot, reissued_without_mi_coupon, reissued_to_another_mi_account)
        SELECT totals_slot(), -coalesce(sum(n.sign) FILTER (WHERE c.decision = 'REISSUED'), 0),
               coalesce(sum(n.sign) FILTER (WHERE n.mi_account_id <> m.mi_account_id), 0)
        FROM (%s) n JOIN poco_coupon c ON c.code = n.legacy_code
        LEFT JOIN migrated_account m ON m.poco_account_id = c.poco_account_id
        HAVING count(*) FILTER (WHERE c.decision = 'REISSUED' OR n.mi_account_id <> m.mi_account_id) > 0
        ON CONFLICT (slot) DO UPDATE SET
            reissued_without_mi_coupon = t.reissued_without_mi_coupon + excluded.reissued_without_mi_coupon,
            reissued_to_another_mi_account = t.reissued_to_another_mi_account + excluded.reissued_to_another_mi_account
        $sql$, changed_rows(TG_OP, 'legacy_code, mi_account_id'));
    RETURN NULL;
END $$;
CREATE TRIGGER mi_coupon_reissue_inserted AFTER INSERT ON mi_coupon
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_mi_coupons_of_reissues();
CREATE TRIGGER mi_coupon_reissue_updated AFTER UPDATE ON mi_coupon
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_mi_coupons_of_reissues();
CREATE TRIGGER mi_coupon_reissue_deleted AFTER DELETE ON mi_coupon
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_mi_coupons_of_reissues();

INSERT INTO coupon_totals AS t (slot, reissued_without_mi_coupon, reissued_to_another_mi_account)
SELECT 0,
       (SELECT count(*) FROM poco_coupon c
        WHERE c.decision = 'REISSUED' AND NOT EXISTS (SELECT 1 FROM mi_coupon n WHERE n.legacy_code = c.code)),
       (SELECT count(*) FROM mi_coupon n JOIN poco_coupon c ON c.code = n.legacy_code
        JOIN migrated_account m ON m.poco_account_id = c.poco_account_id WHERE n.mi_account_id <> m.mi_account_id)
ON CONFLICT (slot) DO UPDATE SET
    reissued_without_mi_coupon = t.reissued_without_mi_coupon + excluded.reissued_without_mi_coupon,
    reissued_to_another_mi_account = t.reissued_to_another_mi_account + excluded.reissued_to_another_mi_account;
