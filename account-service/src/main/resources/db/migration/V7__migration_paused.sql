-- An operator may pause a running migration (and resume it): PAUSED keeps its place, and no worker
-- takes it up until it is RUNNING again.
ALTER TABLE migration DROP CONSTRAINT migration_status_check;
ALTER TABLE migration ADD CONSTRAINT migration_status_check CHECK (status IN ('RUNNING', 'PAUSED', 'FINISHED'));
