-- The reissue summary's counts, kept by the database in the transaction that writes the rows they
-- count, so that reading them costs the same at 10,000,000 accounts as at 10: counting every coupon
-- by decision took 0.37 s at 1,000,000 accounts and grows with each. The count of every row stays,
-- as the audit (GET /api/coupons/summary?audit=true), which also checks these counts against it.
-- Kept as migration-steps' V0_5 keeps the migrated accounts' count (migrated_account_totals): statement-
-- level triggers over transition tables, a transaction adding to one of 16 rows (totals_slot()).
CREATE TABLE coupon_totals (
    slot                 smallint  PRIMARY KEY,
    legacy_coupons       bigint    NOT NULL DEFAULT 0,
    undecided            bigint    NOT NULL DEFAULT 0,
    reissued             bigint    NOT NULL DEFAULT 0,
    expired              bigint    NOT NULL DEFAULT 0,
    redeemed             bigint    NOT NULL DEFAULT 0,
    revoked              bigint    NOT NULL DEFAULT 0,
    mi_coupons_redeemed  bigint    NOT NULL DEFAULT 0
);

-- The rows a statement changed, each with +1 (as it is now) or -1 (as it was): an insert adds its
-- rows, a delete takes them away, an update (deciding a coupon, redeeming a Mi coupon) takes the
-- rows as they were away and adds them as they are. Transition tables: "added" (the rows as they
-- are), "removed" (as they were).
CREATE FUNCTION changed_rows(operation text, columns text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE operation
        WHEN 'INSERT' THEN format('SELECT 1 AS sign, %s FROM added', columns)
        WHEN 'DELETE' THEN format('SELECT -1 AS sign, %s FROM removed', columns)
        ELSE format('SELECT 1 AS sign, %1$s FROM added UNION ALL SELECT -1, %1$s FROM removed', columns)
    END $$;

CREATE FUNCTION count_legacy_coupons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($sql$
        INSERT INTO coupon_totals AS t (slot, legacy_coupons, undecided, reissued, expired, redeemed, revoked)
        SELECT totals_slot(), sum(sign),
               coalesce(sum(sign) FILTER (WHERE decision IS NULL), 0),
               coalesce(sum(sign) FILTER (WHERE decision = 'REISSUED'), 0),
               coalesce(sum(sign) FILTER (WHERE decision = 'EXPIRED'), 0),
               coalesce(sum(sign) FILTER (WHERE decision = 'REDEEMED'), 0),
               coalesce(sum(sign) FILTER (WHERE decision = 'REVOKED'), 0)
        FROM (%s) c HAVING count(*) > 0
        ON CONFLICT (slot) DO UPDATE SET
            legacy_coupons = t.legacy_coupons + excluded.legacy_coupons, undecided = t.undecided + excluded.undecided,
            reissued = t.reissued + excluded.reissued, expired = t.expired + excluded.expired,
            redeemed = t.redeemed + excluded.redeemed, revoked = t.revoked + excluded.revoked
        $sql$, changed_rows(TG_OP, 'decision'));
    RETURN NULL;
END $$;
CREATE TRIGGER poco_coupon_inserted AFTER INSERT ON poco_coupon
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_legacy_coupons();
CREATE TRIGGER poco_coupon_updated AFTER UPDATE ON poco_coupon
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_legacy_coupons();
CREATE TRIGGER poco_coupon_deleted AFTER DELETE ON poco_coupon
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_legacy_coupons();

CREATE FUNCTION count_redeemed_mi_coupons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($sql$
        INSERT INTO coupon_totals AS t (slot, mi_coupons_redeemed)
        SELECT totals_slot(), coalesce(sum(sign) FILTER (WHERE status = 'REDEEMED'), 0)
        FROM (%s) c HAVING count(*) FILTER (WHERE status = 'REDEEMED') > 0
        ON CONFLICT (slot) DO UPDATE SET mi_coupons_redeemed = t.mi_coupons_redeemed + excluded.mi_coupons_redeemed
        $sql$, changed_rows(TG_OP, 'status'));
    RETURN NULL;
END $$;
CREATE TRIGGER mi_coupon_inserted AFTER INSERT ON mi_coupon
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_redeemed_mi_coupons();
CREATE TRIGGER mi_coupon_updated AFTER UPDATE ON mi_coupon
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION count_redeemed_mi_coupons();
CREATE TRIGGER mi_coupon_deleted AFTER DELETE ON mi_coupon
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION count_redeemed_mi_coupons();

-- What the tables hold already, counted once.
INSERT INTO coupon_totals (slot, legacy_coupons, undecided, reissued, expired, redeemed, revoked,
                           mi_coupons_redeemed)
SELECT 0, count(*), count(*) FILTER (WHERE decision IS NULL),
       count(*) FILTER (WHERE decision = 'REISSUED'), count(*) FILTER (WHERE decision = 'EXPIRED'),
       count(*) FILTER (WHERE decision = 'REDEEMED'), count(*) FILTER (WHERE decision = 'REVOKED'),
       (SELECT count(*) FROM mi_coupon WHERE status = 'REDEEMED')
FROM poco_coupon;
