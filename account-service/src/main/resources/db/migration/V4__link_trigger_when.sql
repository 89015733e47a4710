-- The permanent-link check ran its PL/pgSQL function on every update of an account (Hibernate sets
-- every column, so "UPDATE OF mi_account_id" always matched): three times per migrated account. A
-- WHEN condition is evaluated without calling the function; it is called only for a real change.
DROP TRIGGER poco_account_link_is_permanent ON poco_account;
CREATE TRIGGER poco_account_link_is_permanent BEFORE UPDATE OF mi_account_id ON poco_account
    FOR EACH ROW
    WHEN (OLD.mi_account_id IS NOT NULL AND NEW.mi_account_id IS DISTINCT FROM OLD.mi_account_id)
    EXECUTE FUNCTION poco_account_link_is_permanent();
