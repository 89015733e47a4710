package com.mi.poco.platform.inbox;

import java.util.List;
import java.util.function.Consumer;

/**
 * What a consumer does with the new events of a polled batch, inside the batch's transaction: first
 * load what they all refer to, in a few queries rather than a few per event, then apply each one,
 * then write once what the batch adds up to.
 */
@FunctionalInterface
public interface BatchHandler<T> {

    /**
     * @param payloads the payloads of the batch's events not applied before, in key order
     * @return what applies one of them, using what was loaded here
     */
    Apply<T> prepare(List<T> payloads);

    /** Applies a prepared batch's events one at a time, then finishes the batch. */
    @FunctionalInterface
    interface Apply<T> extends Consumer<T> {

        /** After the batch's last event, in its transaction: what is written once per batch. */
        default void finish() {
            // most handlers have nothing to add up
        }
    }

    /** A handler with nothing to load up front. */
    static <T> BatchHandler<T> each(Consumer<T> apply) {
        return payloads -> apply::accept;
    }
}
