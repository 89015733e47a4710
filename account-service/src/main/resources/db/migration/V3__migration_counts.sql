-- A migration's progress without counting its accounts (a count of a million rows took seconds, and
-- longer the more often they had been updated): the migration counts the accounts it moved out of
-- PENDING in its own row, in the transaction that moved them; the accounts that reached COMPLETED
-- are added up in a few shards, so that concurrent batches of step reports seldom wait on each other.
ALTER TABLE migration ADD COLUMN migrated bigint NOT NULL DEFAULT 0;

CREATE TABLE migration_completed (
    migration_id  uuid      NOT NULL REFERENCES migration,
    shard         smallint  NOT NULL,
    accounts      bigint    NOT NULL CHECK (accounts >= 0),
    PRIMARY KEY (migration_id, shard)
);

-- Migrations that ran before: their counts, once.
UPDATE migration m SET migrated = (SELECT count(*) FROM poco_account a WHERE a.migration_id = m.id);
INSERT INTO migration_completed (migration_id, shard, accounts)
SELECT migration_id, 0, count(*) FROM poco_account
WHERE migration_state = 'COMPLETED' AND migration_id IS NOT NULL
GROUP BY migration_id;
