-- An account's POCO ledger lists all its conversions, late ones included, in time order. The only
-- index by account was the partial one that keeps one initial conversion per account (WHERE NOT
-- late), which that query cannot use: at 1,000,000 conversions it scanned the table (82 ms alone,
-- 1.45 s p50 under load). This one serves it, and any read of an account's conversions.
CREATE INDEX points_conversion_account ON points_conversion (poco_account_id, converted_at);
