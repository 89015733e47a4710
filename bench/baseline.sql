-- The no-microservices baseline of bench/migration-bench.sh: the same migration as the platform, as
-- one script in one PostgreSQL database. Loads the export's files, then links or provisions each
-- account's Mi account (docs/domain.md's rules), moves its history, converts its points (rate 1, expired
-- entries left out, a negative balance converts to 0), reissues its eligible coupons (ACTIVE, not
-- expired on 2024-12-12) with new codes, and marks it COMPLETED. No events, no outbox, no inbox, no
-- HTTP: what the platform's time buys over this is independence, not arithmetic. The files are read by
-- the server (COPY FROM a path): the bench runs on the database's machine.
--   psql -v dir=/path/to/export -f bench/baseline.sql
\set ON_ERROR_STOP on
CREATE TABLE s_accounts (j jsonb);
CREATE TABLE s_mi (j jsonb);
CREATE TABLE s_orders (j jsonb);
CREATE TABLE s_feedback (j jsonb);
CREATE TABLE s_points (j jsonb);
CREATE TABLE s_coupons (j jsonb);
\set f :dir '/accounts.jsonl'
COPY s_accounts (j) FROM :'f' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
\set f :dir '/mi-accounts.jsonl'
COPY s_mi (j) FROM :'f' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
\set f :dir '/orders.jsonl'
COPY s_orders (j) FROM :'f' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
\set f :dir '/feedback.jsonl'
COPY s_feedback (j) FROM :'f' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
\set f :dir '/points.jsonl'
COPY s_points (j) FROM :'f' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
\set f :dir '/coupons.jsonl'
COPY s_coupons (j) FROM :'f' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');

BEGIN;
CREATE TABLE mi_account (id text PRIMARY KEY, email text, verified boolean NOT NULL, region text NOT NULL, origin text NOT NULL);
CREATE UNIQUE INDEX ON mi_account (lower(email));
INSERT INTO mi_account SELECT j->>'miAccountId', j->>'email', true, lower(j->>'region'), 'IMPORTED' FROM s_mi;

CREATE TABLE account AS
SELECT j->>'pocoAccountId' AS id, j->>'email' AS email, (j->>'emailVerified')::boolean AS verified,
       j->>'name' AS name, j->>'phone' AS phone, lower(j->>'region') AS region,
       (j->>'createdAt')::timestamptz AS created_at, NULL::text AS mi_account_id, 'PENDING'::text AS state
FROM s_accounts;
ALTER TABLE account ADD PRIMARY KEY (id);

-- a verified e-mail links to the Mi account holding it (any letter case)
UPDATE account a SET mi_account_id = m.id FROM mi_account m
WHERE a.verified AND lower(a.email) = lower(m.email);
-- the others get a new Mi account; an unverified e-mail it keeps, unverified, unless a Mi account holds it
CREATE SEQUENCE mi_number;
CREATE TABLE provisioned AS
SELECT a.id AS poco, 'MP' || lpad(nextval('mi_number')::text, 10, '0') AS mi,
       CASE WHEN EXISTS (SELECT 1 FROM mi_account m WHERE lower(m.email) = lower(a.email)) THEN NULL ELSE a.email END AS email,
       a.verified, a.region
FROM account a WHERE a.mi_account_id IS NULL ORDER BY a.id;
INSERT INTO mi_account SELECT DISTINCT ON (lower(email)) mi, email, verified, region, 'PROVISIONED'
FROM provisioned WHERE email IS NOT NULL ORDER BY lower(email), poco;
INSERT INTO mi_account SELECT mi, NULL, false, region, 'PROVISIONED' FROM provisioned p
WHERE NOT EXISTS (SELECT 1 FROM mi_account m WHERE m.id = p.mi);
UPDATE account a SET mi_account_id = p.mi FROM provisioned p WHERE a.id = p.poco;

-- history moves with the account
CREATE TABLE poco_order AS
SELECT j->>'orderId' AS id, j->>'pocoAccountId' AS account, (j->>'placedAt')::timestamptz AS placed_at,
       j->>'currency' AS currency, (j->>'total')::numeric AS total, j->>'status' AS status,
       j->'items' AS items, j->'shipments' AS shipments
FROM s_orders;
CREATE TABLE poco_feedback AS
SELECT j->>'feedbackId' AS id, j->>'pocoAccountId' AS account, (j->>'rating')::int AS rating, j->>'comment' AS comment
FROM s_feedback;

-- points: one conversion per account, one Mi ledger entry when it credits something
CREATE TABLE conversion AS
SELECT a.id AS account, a.mi_account_id,
       coalesce(sum((p.j->>'delta')::bigint) FILTER (WHERE p.j->>'expiresAt' IS NULL OR (p.j->>'expiresAt')::timestamptz > now()), 0) AS balance,
       coalesce(sum((p.j->>'delta')::bigint) FILTER (WHERE (p.j->>'expiresAt')::timestamptz <= now()), 0) AS expired
FROM account a LEFT JOIN s_points p ON p.j->>'pocoAccountId' = a.id
GROUP BY a.id, a.mi_account_id;
CREATE TABLE mi_points_entry AS
SELECT mi_account_id, greatest(balance, 0) AS delta, 'POCO_CONVERSION' AS reason, now() AS at, account
FROM conversion WHERE balance > 0;

-- coupons: the eligible ones get a new code and keep value, currency, minimum spend and expiry
CREATE TABLE mi_coupon AS
SELECT 'MI-' || upper(substr(md5(random()::text || (c.j->>'code')), 1, 4)) || '-'
            || upper(substr(md5(random()::text), 1, 4)) || '-' || upper(substr(md5(random()::text), 1, 4)) AS code,
       c.j->>'code' AS legacy_code, a.mi_account_id, c.j->>'kind' AS kind, (c.j->>'value')::numeric AS value,
       c.j->>'currency' AS currency, (c.j->>'minSpend')::numeric AS min_spend, (c.j->>'expiresAt')::timestamptz AS expires_at
FROM s_coupons c JOIN account a ON a.id = c.j->>'pocoAccountId'
WHERE c.j->>'status' = 'ACTIVE' AND (c.j->>'expiresAt')::timestamptz > '2024-12-12T00:00:00Z';
ALTER TABLE mi_coupon ADD PRIMARY KEY (code);

UPDATE account SET state = 'COMPLETED';
COMMIT;
