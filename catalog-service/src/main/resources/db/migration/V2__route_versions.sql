-- Route changes in order. Two catalog instances relay their outboxes in separate batches, so two
-- changes of one product can reach catalog-routes in the reverse of their commit order, and the
-- compacted topic would keep the older. Every route event therefore carries route_version, drawn
-- from one sequence in the transaction of the change (changes of one product are serialized by its
-- row and by the optimistic lock below, so a later commit always has the higher number), and the
-- gateway ignores a route older than the one it holds. The sequence outlives a product's deletion,
-- so a product created again after being removed is still newer than its removal.
CREATE SEQUENCE product_route_version;

-- The optimistic lock of writers: a PUT carrying an older version (If-Match) is a 409.
ALTER TABLE product ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE product ADD COLUMN route_version bigint;
UPDATE product SET route_version = nextval('product_route_version');
ALTER TABLE product ALTER COLUMN route_version SET NOT NULL;
