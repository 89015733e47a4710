package com.mi.poco.platform.imports;

/**
 * Thrown by a {@link LineHandler} that refuses a line (a conflicting duplicate, an impossible value).
 * It must be thrown before the handler writes anything, so the rest of the chunk stands.
 */
public class RejectedLine extends RuntimeException {

    public RejectedLine(String reason) {
        super(reason, null, false, false);
    }
}
