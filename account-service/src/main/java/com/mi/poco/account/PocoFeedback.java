package com.mi.poco.account;

import com.mi.poco.account.imports.FeedbackLine;
import com.mi.poco.platform.db.BulkStatement;
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

    /** What an import inserts, in bulk: a {@link #row()} each. */
    public static final BulkStatement INSERT = new BulkStatement("""
            INSERT INTO poco_feedback (feedback_id, poco_account_id, order_id, rating, comment, created_at, content_hash)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::smallint[], ?::text[], ?::timestamptz[], ?::text[])""");

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

    public Object[] row() {
        return new Object[] {feedbackId, pocoAccountId, orderId, rating, comment, createdAt, contentHash};
    }
}
