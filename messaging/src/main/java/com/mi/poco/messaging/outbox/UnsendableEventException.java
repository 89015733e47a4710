package com.mi.poco.messaging.outbox;

/** An event that the broker could never accept (too large): refused when it is recorded, not when it is sent. */
public class UnsendableEventException extends IllegalArgumentException {

    public UnsendableEventException(String message) {
        super(message);
    }
}
