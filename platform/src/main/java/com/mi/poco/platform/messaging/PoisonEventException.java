package com.mi.poco.platform.messaging;

/** An event that can never be processed (malformed, unknown type, missing field): it goes to the DLQ. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
