package com.mi.poco.messaging;

/**
 * An event that can never be processed (malformed, unknown type, missing field): it goes to the
 * dead-letter topic. {@code kind} is a short, stable name of why, that ops count and replay by.
 */
public class PoisonEventException extends RuntimeException {

    private final String kind;

    public PoisonEventException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PoisonEventException(String kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
