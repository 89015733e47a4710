-- The ops console lists the latest bulk migrations (GET /api/migrations): newest first, an index probe.
CREATE INDEX migration_requested ON migration (requested_at DESC);
