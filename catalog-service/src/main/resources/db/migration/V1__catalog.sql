-- catalog-service: POCO products as sold on mi.com, per region, and the legacy routes they answer.
CREATE TABLE product (
    slug          varchar(128) PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,127}$'),
    name          varchar(200) NOT NULL,
    brand         varchar(32)  NOT NULL DEFAULT 'POCO',
    status        varchar(12)  NOT NULL CHECK (status IN ('ACTIVE', 'DISCONTINUED')),
    successor     varchar(128) CHECK (successor <> slug),
    -- region code -> {"miPath": "/uk/product/poco-x7-pro/", "launchedAt": "2025-01-09"}
    regions       jsonb        NOT NULL,
    content_hash  varchar(64)  NOT NULL,
    updated_at    timestamptz  NOT NULL,
    CHECK (status = 'DISCONTINUED' OR successor IS NULL)
);
CREATE INDEX product_successor ON product (successor) WHERE successor IS NOT NULL;
