package com.mi.poco.messaging.inbox;

/**
 * A bean that consumes a channel through the {@link Inbox}. Dead letters are replayed through the
 * same subscription ({@link com.mi.poco.messaging.deadletters.DeadLetterQueue}), so a replayed event
 * meets exactly the rules a delivered one does.
 */
public interface Subscriber {

    Subscription<?> subscription();
}
