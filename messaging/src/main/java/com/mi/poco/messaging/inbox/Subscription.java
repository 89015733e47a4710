package com.mi.poco.messaging.inbox;

import com.mi.poco.events.EventType;

/**
 * What one consumer of a service applies: the events of {@code type}, read from the channel named
 * after the type's topic, as {@code payloadType}, by {@code handler}. The inbox derives the
 * consumer's name from the service's name and the channel ({@code loyalty-service.account-migrated}).
 */
public record Subscription<T extends Record>(EventType type, Class<T> payloadType, BatchHandler<T> handler) {

    public static <T extends Record> Subscription<T> to(EventType type, Class<T> payloadType, BatchHandler<T> handler) {
        if (!type.payload().equals(payloadType)) {
            throw new IllegalArgumentException(type + " carries " + type.payload().getSimpleName());
        }
        return new Subscription<>(type, payloadType, handler);
    }

    /** The {@code @Incoming} channel: the topic's name. */
    public String channel() {
        return type.topic();
    }

    public String consumer(String service) {
        return service + "." + channel();
    }
}
