-- Deciding a coupon (setting decision and decided_at) is the one update each legacy coupon ever
-- gets. With neither column indexed, not even in a predicate, and more than half of each page left
-- free, PostgreSQL makes it a heap-only (HOT) update and no index gains an entry, as the loyalty
-- service's V2 does for settling points entries.
-- The sweep for late coupons (MigrationSteps#sweepLate) reads the account index instead: a full
-- sweep then reads every coupon, so it runs after an import and otherwise every
-- steps.full-sweep-interval. The fillfactor applies to the pages written from now on.
DROP INDEX poco_coupon_undecided;
ALTER TABLE poco_coupon SET (fillfactor = 45);
