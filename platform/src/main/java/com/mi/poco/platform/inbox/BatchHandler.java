package com.mi.poco.platform.inbox;

import java.util.List;
import java.util.function.Consumer;

/**
 * What a consumer does with the new events of a polled batch, inside the batch's transaction: first
 * load what they all refer to, in a few queries rather than a few per event, then apply each one.
 */
@FunctionalInterface
public interface BatchHandler<T> {

    /**
     * @param payloads the payloads of the batch's events not applied before, in key order
     * @return what applies one of them, using what was loaded here
     */
    Consumer<T> prepare(List<T> payloads);

    /** A handler with nothing to load up front. */
    static <T> BatchHandler<T> each(Consumer<T> apply) {
        return payloads -> apply;
    }
}
