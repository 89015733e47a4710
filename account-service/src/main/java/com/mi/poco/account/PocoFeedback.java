package com.mi.poco.account;

import com.mi.poco.account.imports.FeedbackLine;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.imports.ImportedRecord;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Site feedback a POCO customer left, kept for their Mi account. */
@Entity
@Table(name = "poco_feedback")
public class PocoFeedback extends PanacheEntityBase implements ImportedRecord {

    /** What an import inserts, in bulk. */
    public static final BulkRows<PocoFeedback> INSERT = BulkRows.<PocoFeedback>insertInto("poco_feedback")
            .column("feedback_id", "text", r -> r.feedbackId)
            .column("poco_account_id", "text", r -> r.pocoAccountId)
            .column("order_id", "text", r -> r.orderId)
            .column("rating", "smallint", r -> r.rating)
            .column("comment", "text", r -> r.comment)
            .column("created_at", "timestamptz", r -> r.createdAt)
            .column("content_hash", "text", r -> r.contentHash)
            .build();

    @Id
    @Column(name = "feedback_id")
    public String feedbackId;

    @Column(name = "poco_account_id")
    public String pocoAccountId;

    @Column(name = "order_id")
    public String orderId;

    public short rating;

    public String comment;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "content_hash")
    public String contentHash;

    public static PocoFeedback of(FeedbackLine line, String fingerprint) {
        PocoFeedback feedback = new PocoFeedback();
        feedback.feedbackId = line.feedbackId();
        feedback.pocoAccountId = line.pocoAccountId();
        feedback.orderId = line.orderId();
        feedback.rating = line.rating().shortValue();
        feedback.comment = line.comment();
        feedback.createdAt = line.createdAt();
        feedback.contentHash = fingerprint;
        return feedback;
    }

    @Override
    public String contentHash() {
        return contentHash;
    }
}
