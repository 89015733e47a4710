-- Dead letters as an ops queue (DeadLetterQueue): every record a consumer could never apply, with
-- why, so that ops can list and replay it. The same record dead-lettered again (a redelivery before
-- its offset was committed) is the same row: (consumer, topic, partition, offset) is its identity.
CREATE TABLE dead_letter (
    id             bigserial     PRIMARY KEY,
    consumer       varchar(100)  NOT NULL,
    channel        varchar(100)  NOT NULL,
    topic          varchar(249)  NOT NULL,
    partition_no   integer       NOT NULL,
    record_offset  bigint        NOT NULL,
    event_id       varchar(255),
    event_type     varchar(255),
    subject        varchar(255),
    message_key    varchar(255),
    payload        text,
    headers        text          NOT NULL,             -- the record's headers, a JSON object of strings
    reason_kind    varchar(100)  NOT NULL,             -- what to count and replay by: e.g. missing-field, sql-23505
    reason         text          NOT NULL,
    first_seen     timestamptz   NOT NULL,
    last_failed    timestamptz   NOT NULL,
    attempts       integer       NOT NULL,
    replayed_at    timestamptz,
    UNIQUE (consumer, topic, partition_no, record_offset)
);
CREATE INDEX dead_letter_waiting ON dead_letter (id) WHERE replayed_at IS NULL;

-- The outbox relay counts the sends of an event the broker refused for the event's own sake (too
-- large, an invalid topic) and parks it after outbox.max-attempts, so that it blocks nothing else.
-- A broker that is down counts no attempt.
ALTER TABLE outbox_event ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE outbox_event ADD COLUMN last_error text;
ALTER TABLE outbox_event ADD COLUMN parked_at timestamptz;
-- The pending index leaves parked events out, so they cost the relay's scans nothing.
DROP INDEX outbox_event_pending;
CREATE INDEX outbox_event_pending ON outbox_event (created_at, id) WHERE published_at IS NULL AND parked_at IS NULL;
CREATE INDEX outbox_event_parked ON outbox_event (parked_at) WHERE parked_at IS NOT NULL AND published_at IS NULL;
