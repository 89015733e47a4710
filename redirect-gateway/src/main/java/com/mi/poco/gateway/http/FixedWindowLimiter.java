package com.mi.poco.gateway.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limit} acquisitions per key and window, a window starting at a key's first
 * acquisition after the last one ended: cheap, exact within a window, and allowing up to twice the
 * limit across two adjacent windows, which is enough to stop guessing.
 *
 * <p>The windows are held in a Caffeine table bounded to {@code maxKeys}: a window leaves it when it
 * ends, and when more clients than that are counting at once, the table evicts in constant time by
 * frequency (W-TinyLFU), so a busy client keeps its count while a flood of one-off addresses churns.
 * Nothing scans the table on the event loop.
 */
final class FixedWindowLimiter {

    private record Window(long startNanos, AtomicInteger count) {
    }

    private final int limit;
    private final long windowNanos;
    private final Ticker ticker;
    private final Cache<String, Window> windows;

    FixedWindowLimiter(int limit, Duration window, int maxKeys, Ticker ticker) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.ticker = ticker;
        this.windows = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .ticker(ticker)
                .executor(Runnable::run) // upkeep is amortized O(1) per call; no hop to another pool
                .expireAfter(Expiry.writing((String key, Window w) -> Duration.ofNanos(left(w, ticker.read()))))
                .build();
    }

    /** 0 if {@code key} may go on now, else the whole seconds until its next window. */
    long acquire(String key) {
        long now = ticker.read();
        Window window = windows.asMap().compute(key, (k, old) -> old == null || left(old, now) <= 0
                ? new Window(now, new AtomicInteger()) : old);
        if (window.count().incrementAndGet() <= limit) {
            return 0;
        }
        return Math.max(1, (left(window, now) + 999_999_999) / 1_000_000_000);
    }

    /** Ends {@code key}'s window: its next acquisition starts a new one. */
    void forget(String key) {
        windows.invalidate(key);
    }

    /** How many clients' windows are held now. */
    long tracked() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    private long left(Window window, long now) {
        return window.startNanos() + windowNanos - now;
    }
}
