package com.mi.poco.messaging.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.events.EventType;
import com.mi.poco.events.TimeOrderedUuid;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.db.DeferredWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Records events in the caller's transaction, so an event exists if and only if the business change
 * that caused it committed. {@link OutboxRelay} publishes them afterwards. They are written when the
 * transaction commits, all in one statement ({@link DeferredWrites}).
 */
@ApplicationScoped
public class Outbox {

    private static final Object WAKE_UP_REGISTERED = new Object();
    /**
     * {@code created_at} is the database's clock at commit, not this instance's: the relays of every
     * instance compare it, so it must come from one clock.
     */
    private static final BulkRows<Row> INSERT = BulkRows.<Row>insertInto("outbox_event")
            .column("id", "uuid", Row::id)
            .column("topic", "text", row -> row.type().topic())
            .column("message_key", "text", Row::key)
            .column("type", "text", row -> row.type().type())
            .column("subject", "text", Row::key)
            .column("payload", "text", Row::payload)
            .computed("created_at", "clock_timestamp()")
            .build();

    /** An event as recorded: its id, type, key (also its CloudEvents subject) and payload (null: a tombstone). */
    private record Row(UUID id, EventType type, String key, String payload) {
    }

    private final ObjectMapper json;
    private final OutboxRelay relay;
    private final TransactionSynchronizationRegistry transactions;
    private final DeferredWrites writes;
    private final int maxEventBytes;

    public Outbox(ObjectMapper json, OutboxRelay relay, TransactionSynchronizationRegistry transactions,
            DeferredWrites writes, OutboxConfig config) {
        this.maxEventBytes = (int) config.maxEventSize().asLongValue();
        this.json = json;
        this.relay = relay;
        this.transactions = transactions;
        this.writes = writes;
    }

    /** Records {@code payload} as an event of {@code type} keyed by {@code key}; returns its event id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(EventType type, String key, Record payload) {
        if (!type.payload().isInstance(payload)) {
            throw new IllegalArgumentException(type + " carries " + type.payload().getSimpleName()
                    + ", not " + payload.getClass().getSimpleName());
        }
        try {
            return persist(type, key, json.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + type, e);
        }
    }

    /** Records a tombstone: on a compacted topic it removes {@code key}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID tombstone(EventType type, String key) {
        return persist(type, key, null);
    }

    private UUID persist(EventType type, String key, String payload) {
        refuseUnsendable(type, key, payload);
        UUID id = TimeOrderedUuid.next();
        writes.add(INSERT, new Row(id, type, key, payload));
        wakeRelayAfterCommit();
        return id;
    }

    /**
     * An event larger than the producer may send ({@code outbox.max-event-size}) would be refused by
     * the broker on every attempt: it is refused here, and the transaction that records it fails.
     */
    private void refuseUnsendable(EventType type, String key, String payload) {
        long bytes = (payload == null ? 0 : payload.getBytes(StandardCharsets.UTF_8).length)
                + (key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length);
        if (bytes > maxEventBytes) {
            throw new UnsendableEventException(type + " for " + key + " is " + bytes + " bytes, more than the "
                    + maxEventBytes + " an event may have (outbox.max-event-size): it could never be published");
        }
    }

    /** Once per transaction: when it commits, the relay publishes at once instead of at its next poll. */
    private void wakeRelayAfterCommit() {
        if (transactions.getResource(WAKE_UP_REGISTERED) != null) {
            return;
        }
        transactions.putResource(WAKE_UP_REGISTERED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
    }
}
