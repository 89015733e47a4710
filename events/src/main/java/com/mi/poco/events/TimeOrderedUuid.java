package com.mi.poco.events;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits. Ids made
 * later sort later, so the rows keyed by them (outbox events, the consumers' inbox, ledger entries)
 * are appended at the right edge of their B-tree index instead of being scattered over all of it.
 * With random (version 4) ids, every insert of a million-event migration touched a random index page:
 * once the indexes outgrew the server's buffers, most inserts read a page and wrote another back.
 *
 * <p>The random bits make ids unique across instances, not unguessable: these ids are not secrets
 * (coupon codes, which are, come from {@code SecureRandom}).
 */
public final class TimeOrderedUuid {

    private TimeOrderedUuid() {
    }

    public static UUID next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long unixMillis = System.currentTimeMillis();
        long mostSignificant = (unixMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }

    /** When the id was made (to the millisecond). */
    public static long unixMillis(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }
}
