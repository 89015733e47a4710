-- catalog-service publishes events and consumes none: it keeps the outbox, not the inbox. Module
-- messaging's schema (V0_1, V0_4) makes the inbox's tables (processed_event, dead_letter) for every
-- service, and a script once applied is never edited (Flyway checks its checksum at every start), so
-- they are dropped here; no code of this service touches them (messaging's inbox jobs skip a service
-- without subscribers).
DROP TABLE IF EXISTS dead_letter;
DROP TABLE IF EXISTS processed_event;
