package com.mi.poco.gateway.redirect;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What ops ask of the redirects: how often each rule of the contract fired and when last, which
 * legacy product URLs matched nothing, ranked by hits, and the hits of the last hour per 10 seconds.
 * Cheap on the hot path (a lookup and two increments); the unmatched table is bounded so hostile
 * traffic cannot grow it without limit, and the hour is a ring of {@value #SLOTS} slots.
 */
@Singleton // not a client proxy: called on every redirect
public class RedirectStats {

    static final int MAX_UNMATCHED_TRACKED = 10_000;
    static final String OTHER_UNMATCHED = "(other URLs, beyond the tracked " + MAX_UNMATCHED_TRACKED + ")";

    public record RuleHits(String rule, long hits, Instant lastHit) {
    }

    public record UnmatchedHits(String url, long hits) {
    }

    /** Redirects answered from {@code from} for {@link #SLOT_MILLIS}. */
    public record Interval(Instant from, long hits) {
    }

    static final long SLOT_MILLIS = 10_000;
    static final int SLOTS = 360;

    private static final class Hits {
        final LongAdder count = new LongAdder();
        volatile long lastMillis;
    }

    /**
     * One slot of the ring: the interval it counts now (its number since the epoch) and its hits. A slot
     * is taken over by the first redirect of a new interval; one counted by another thread at that very
     * moment may land in the interval before or be lost: the chart is a picture, the rules' counts are
     * the exact figures.
     */
    private static final class Slot {
        volatile long interval = -1;
        final LongAdder hits = new LongAdder();
    }

    private final Slot[] ring = new Slot[SLOTS];
    private final Map<String, Hits> rules = new ConcurrentHashMap<>();

    public RedirectStats() {
        for (int i = 0; i < SLOTS; i++) {
            ring[i] = new Slot();
        }
    }
    private final Map<String, LongAdder> unmatched = new ConcurrentHashMap<>();

    void record(Redirect redirect, String path) {
        Hits hits = rules.get(redirect.rule());
        if (hits == null) {
            hits = rules.computeIfAbsent(redirect.rule(), rule -> new Hits());
        }
        hits.count.increment();
        long now = System.currentTimeMillis();
        if (hits.lastMillis != now) { // one shared write per millisecond, not one per request
            hits.lastMillis = now;
        }
        slot(now / SLOT_MILLIS).hits.increment();
        if (redirect.unmatched()) {
            String key = path.toLowerCase(Locale.ROOT);
            LongAdder counter = unmatched.get(key);
            if (counter == null) {
                counter = unmatched.size() < MAX_UNMATCHED_TRACKED
                        ? unmatched.computeIfAbsent(key, k -> new LongAdder())
                        : unmatched.computeIfAbsent(OTHER_UNMATCHED, k -> new LongAdder());
            }
            counter.increment();
        }
    }

    public List<RuleHits> rules() {
        return rules.entrySet().stream()
                .map(e -> new RuleHits(e.getKey(), e.getValue().count.sum(), Instant.ofEpochMilli(e.getValue().lastMillis)))
                .sorted(Comparator.comparingLong(RuleHits::hits).reversed())
                .toList();
    }

    private Slot slot(long interval) {
        Slot slot = ring[(int) (interval % SLOTS)];
        if (slot.interval != interval) {
            synchronized (slot) {
                if (slot.interval != interval) {
                    slot.hits.reset();
                    slot.interval = interval;
                }
            }
        }
        return slot;
    }

    /** The hits of the last {@code minutes} (at most an hour), oldest first, an interval of 10 s each, empty ones too. */
    public List<Interval> lastMinutes(int minutes, Instant now) {
        long current = now.toEpochMilli() / SLOT_MILLIS;
        int count = (int) Math.min(SLOTS, minutes * 60_000L / SLOT_MILLIS);
        List<Interval> intervals = new ArrayList<>(count);
        for (long interval = current - count + 1; interval <= current; interval++) {
            Slot slot = ring[(int) (interval % SLOTS)];
            intervals.add(new Interval(Instant.ofEpochMilli(interval * SLOT_MILLIS),
                    slot.interval == interval ? slot.hits.sum() : 0));
        }
        return intervals;
    }

    public List<UnmatchedHits> unmatched(int limit) {
        return unmatched.entrySet().stream()
                .map(e -> new UnmatchedHits(e.getKey(), e.getValue().sum()))
                .sorted(Comparator.comparingLong(UnmatchedHits::hits).reversed().thenComparing(UnmatchedHits::url))
                .limit(limit)
                .toList();
    }
}
