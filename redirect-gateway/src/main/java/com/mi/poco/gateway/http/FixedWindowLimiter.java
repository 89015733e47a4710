package com.mi.poco.gateway.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limit} acquisitions per key and window, a window starting at a key's first
 * acquisition after the last one ended: cheap, exact within a window, and bounded in memory, since a
 * window that is over can be dropped. Allows up to twice the limit across two adjacent windows, which
 * is enough to stop guessing.
 */
final class FixedWindowLimiter {

    private record Window(long start, AtomicInteger count) {
    }

    private final int limit;
    private final long windowMillis;
    private final int maxKeys;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    FixedWindowLimiter(int limit, long windowMillis, int maxKeys) {
        this.limit = limit;
        this.windowMillis = windowMillis;
        this.maxKeys = maxKeys;
    }

    /** 0 if {@code key} may go on now, else the whole seconds until its next window. */
    long acquire(String key, long nowMillis) {
        if (windows.size() >= maxKeys && !windows.containsKey(key)) {
            windows.values().removeIf(window -> window.start() + windowMillis <= nowMillis);
        }
        Window window = windows.compute(key, (k, old) -> old == null || old.start() + windowMillis <= nowMillis
                ? new Window(nowMillis, new AtomicInteger()) : old);
        if (window.count().incrementAndGet() <= limit) {
            return 0;
        }
        return Math.max(1, (window.start() + windowMillis - nowMillis + 999) / 1000);
    }

    /** How many clients' windows are held now. */
    int tracked() {
        return windows.size();
    }
}
