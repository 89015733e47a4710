-- After its migration, an account changes twice more: a step reports, then the other reports and it
-- is COMPLETED. Its Mi account no longer changes then, but its state does, and the pending indexes
-- named the state in their predicate: so each change was an update that added an entry to every
-- index of the table. A pending account is exactly one with no Mi account yet (V1's CHECK), so the
-- pending indexes now say that instead. With the state in no index and half of each page left free
-- (a step reports for a whole batch of accounts, so for most rows of a page, in one transaction),
-- PostgreSQL makes the reports heap-only updates: the new version stays on its page and no index
-- gains an entry. The fillfactor applies to the pages written from now on.
DROP INDEX poco_account_pending;
DROP INDEX poco_account_pending_region;
CREATE INDEX poco_account_pending ON poco_account (poco_account_id) WHERE mi_account_id IS NULL;
CREATE INDEX poco_account_pending_region ON poco_account (region, poco_account_id) WHERE mi_account_id IS NULL;
ALTER TABLE poco_account SET (fillfactor = 50);
