package com.mi.poco.gateway.redirect;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What ops ask of the redirects: how often each rule of the contract fired and when last, and which
 * legacy product URLs matched nothing, ranked by hits. Cheap on the hot path (a lookup and an
 * increment); the unmatched table is bounded so hostile traffic cannot grow it without limit.
 */
@Singleton // not a client proxy: called on every redirect
public class RedirectStats {

    static final int MAX_UNMATCHED_TRACKED = 10_000;
    static final String OTHER_UNMATCHED = "(other URLs, beyond the tracked " + MAX_UNMATCHED_TRACKED + ")";

    public record RuleHits(String rule, long hits, Instant lastHit) {
    }

    public record UnmatchedHits(String url, long hits) {
    }

    private static final class Hits {
        final LongAdder count = new LongAdder();
        volatile long lastMillis;
    }

    private final Map<String, Hits> rules = new ConcurrentHashMap<>();
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

    public List<UnmatchedHits> unmatched(int limit) {
        return unmatched.entrySet().stream()
                .map(e -> new UnmatchedHits(e.getKey(), e.getValue().sum()))
                .sorted(Comparator.comparingLong(UnmatchedHits::hits).reversed().thenComparing(UnmatchedHits::url))
                .limit(limit)
                .toList();
    }
}
