package com.mi.poco.messaging.inbox;

import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * A bean that consumes one channel through the {@link Inbox}. A subclass names its subscription (the
 * event type and what applies it) and declares the channel's {@code @Incoming} method, which hands each
 * polled batch to {@link #apply}:
 *
 * <pre>{@code
 * @Singleton
 * public class PointsConvertedHandler extends Subscriber<PointsConverted> {
 *     public PointsConvertedHandler(Inbox inbox, StepReports reports) {
 *         super(inbox, Subscription.to(EventType.POINTS_CONVERTED, PointsConverted.class, reports::pointsConverted));
 *     }
 *
 *     @Incoming("points-converted")
 *     @Blocking(value = "event-handlers", ordered = false)
 *     public void handle(ConsumerRecords<String, String> batch) {
 *         apply(batch);
 *     }
 * }
 * }</pre>
 *
 * Dead letters are replayed through the same subscription ({@link
 * com.mi.poco.messaging.deadletters.DeadLetterQueue}), so a replayed event meets exactly the rules a
 * delivered one does. Subscribers are {@code @Singleton}: they hold nothing but their subscription, and
 * the channel calls them directly (a client proxy would need a constructor without arguments).
 */
public abstract class Subscriber<T extends Record> {

    private final Inbox inbox;
    private final Subscription<T> subscription;

    protected Subscriber(Inbox inbox, Subscription<T> subscription) {
        this.inbox = inbox;
        this.subscription = subscription;
    }

    public final Subscription<T> subscription() {
        return subscription;
    }

    /** Applies a polled batch through the inbox: its transaction, its waiting out of faults, its dead letters. */
    protected final void apply(ConsumerRecords<String, String> batch) {
        inbox.applyBatch(subscription, batch);
    }
}
