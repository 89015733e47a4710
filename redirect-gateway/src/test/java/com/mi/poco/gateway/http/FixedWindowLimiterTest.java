package com.mi.poco.gateway.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The limiter's arithmetic, on a clock the test holds: limits, Retry-After, new windows, bounded memory. */
class FixedWindowLimiterTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final AtomicLong millis = new AtomicLong(1_000_000);

    private FixedWindowLimiter limiter(int limit, int maxKeys) {
        return new FixedWindowLimiter(limit, MINUTE, maxKeys, () -> TimeUnit.MILLISECONDS.toNanos(millis.get()));
    }

    private long at(long offsetMillis, FixedWindowLimiter limiter, String key) {
        millis.set(1_000_000 + offsetMillis);
        return limiter.acquire(key);
    }

    @Test
    void theLimitHoldsWithinAWindowAndRetryAfterSaysWhenItEnds() {
        FixedWindowLimiter limiter = limiter(3, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(at(i, limiter, "a"), equalTo(0L));
        }
        assertThat(at(10, limiter, "a"), equalTo(60L));            // 59.99 s left, rounded up
        assertThat(at(59_500, limiter, "a"), equalTo(1L));         // never 0 while refused
        assertThat(at(20, limiter, "b"), equalTo(0L));             // another client has its own count
        assertThat(at(60_000, limiter, "a"), equalTo(0L));         // a new window
    }

    @Test
    void windowsThatAreOverLeaveTheTable() {
        FixedWindowLimiter limiter = limiter(1, 100);
        at(0, limiter, "a");
        at(30_000, limiter, "b");
        millis.set(1_000_000 + 60_001);
        assertThat(limiter.tracked(), equalTo(1L));                // "a" ended, "b" still counts
        assertThat(at(60_002, limiter, "b"), equalTo(30L));
        assertThat(at(60_003, limiter, "a"), equalTo(0L));
    }

    @Test
    void theTableStaysBoundedWhateverTheNumberOfClients() {
        FixedWindowLimiter limiter = limiter(1, 1_000);
        for (int i = 0; i < 50_000; i++) {
            at(i / 100, limiter, "client-" + i);                   // 50,000 addresses within one window
        }
        assertThat(limiter.tracked(), lessThanOrEqualTo(1_000L));
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64AndAnIpv4ClientByItsAddress() {
        assertThat(RateLimits.clientKey("2001:db8:1:2:3:4:5:6"), equalTo(RateLimits.clientKey("2001:db8:1:2:ffff::1")));
        assertThat(RateLimits.clientKey("[2001:db8:1:2::9]"), equalTo(RateLimits.clientKey("2001:0db8:0001:0002::1")));
        assertThat(RateLimits.clientKey("2001:db8:1:3::1").equals(RateLimits.clientKey("2001:db8:1:2::1")), equalTo(false));
        assertThat(RateLimits.clientKey("192.0.2.7"), equalTo("192.0.2.7"));
    }
}
