-- The index served the per-state count of a migration's accounts, which progress no longer makes
-- (V3). Every change of an account's state inserted an entry into it.
DROP INDEX poco_account_migration;
