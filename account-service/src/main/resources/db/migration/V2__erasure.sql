-- Erasure on request (right to be forgotten): when a Mi account's migrated personal data was erased.
-- The rows stay, without their personal fields, for what accounting requires (order totals, the
-- account's migration and its step reports); content_hash 'erased' makes a re-import of the same
-- line a conflict instead of a resurrection.
ALTER TABLE mi_account ADD COLUMN erased_at timestamptz;
ALTER TABLE poco_account ADD COLUMN erased_at timestamptz;
