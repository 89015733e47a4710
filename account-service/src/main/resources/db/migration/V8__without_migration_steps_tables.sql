-- The migration steps' tables (migrated_account, erased_account) belong to loyalty- and coupon-service
-- (module migration-steps); databases made before they moved there got them too, unused.
DROP TABLE IF EXISTS migrated_account;
DROP TABLE IF EXISTS erased_account;
