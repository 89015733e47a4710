-- Shared by every service that publishes or consumes events (docs/contracts.md "Events").
-- Versions 0.x belong to the platform; each service's own migrations start at 1.

-- Transactional outbox: written in the same transaction as the business change, published by the relay.
CREATE TABLE outbox_event (
    id            uuid         PRIMARY KEY,           -- the CloudEvents id, kept on every re-send
    topic         varchar(249) NOT NULL,
    message_key   varchar(255),
    type          varchar(255) NOT NULL,
    subject       varchar(255),
    payload       text,                               -- null: a tombstone on a compacted topic
    created_at    timestamptz  NOT NULL,
    published_at  timestamptz
);
CREATE INDEX outbox_event_pending ON outbox_event (created_at, id) WHERE published_at IS NULL;

-- Inbox: one row per event a consumer has applied; the primary key makes a redelivery a no-op.
CREATE TABLE processed_event (
    consumer      varchar(100) NOT NULL,
    event_id      varchar(255) NOT NULL,
    processed_at  timestamptz  NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
