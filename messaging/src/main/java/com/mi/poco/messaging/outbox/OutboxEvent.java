package com.mi.poco.messaging.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event waiting to be published, or already published (kept for {@code outbox.retention}). */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    /** Also the event's CloudEvents id. */
    @Id
    public UUID id;

    public String topic;

    @Column(name = "message_key")
    public String key;

    public String type;

    public String subject;

    /** The JSON payload; null for a tombstone on a compacted topic. */
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;
}
