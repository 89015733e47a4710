package com.mi.poco.messaging.inbox;

import java.util.List;
import java.util.function.Consumer;

/**
 * What a consumer does with the events of a polled batch that were not applied before, inside the
 * batch's transaction: load what they all refer to in a few queries rather than a few per event, apply
 * the domain rule to each, write the outcome, record the outgoing events. It throws to refuse the batch
 * (the inbox then applies each event alone, and dead-letters the one that fails alone).
 */
@FunctionalInterface
public interface BatchHandler<T> {

    /** @param newEvents the payloads of the batch's events not applied before, in key order */
    void apply(List<T> newEvents);

    /** A handler with nothing to load up front: each event on its own. */
    static <T> BatchHandler<T> each(Consumer<T> apply) {
        return events -> events.forEach(apply);
    }
}
