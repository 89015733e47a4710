package com.mi.poco.gateway.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

/** The limiter's arithmetic, on a clock the test holds: limits, Retry-After, new windows, bounded memory. */
class FixedWindowLimiterTest {

    private static final long MINUTE = 60_000;

    @Test
    void theLimitHoldsWithinAWindowAndRetryAfterSaysWhenItEnds() {
        FixedWindowLimiter limiter = new FixedWindowLimiter(3, MINUTE, 100);
        long start = 1_000_000;
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("a", start + i), equalTo(0L));
        }
        assertThat(limiter.acquire("a", start + 10), equalTo(60L));      // 59.99 s left, rounded up
        assertThat(limiter.acquire("a", start + 59_500), equalTo(1L));   // never 0 while refused
        assertThat(limiter.acquire("b", start + 20), equalTo(0L));       // another client has its own count
        assertThat(limiter.acquire("a", start + MINUTE), equalTo(0L));   // a new window
    }

    @Test
    void windowsThatAreOverAreDroppedWhenTheTableIsFull() {
        FixedWindowLimiter limiter = new FixedWindowLimiter(1, MINUTE, 2);
        limiter.acquire("a", 0);
        limiter.acquire("b", 30_000);
        // full: a third client drops the windows that are over ("a"), not those still counting ("b")
        assertThat(limiter.acquire("c", MINUTE + 1), equalTo(0L));
        assertThat(limiter.tracked(), equalTo(2));
        assertThat(limiter.acquire("b", MINUTE + 2), equalTo(30L));
        assertThat(limiter.acquire("a", MINUTE + 3), equalTo(0L));
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64AndAnIpv4ClientByItsAddress() {
        assertThat(RateLimits.clientKey("2001:db8:1:2:3:4:5:6"), equalTo(RateLimits.clientKey("2001:db8:1:2:ffff::1")));
        assertThat(RateLimits.clientKey("[2001:db8:1:2::9]"), equalTo(RateLimits.clientKey("2001:0db8:0001:0002::1")));
        assertThat(RateLimits.clientKey("2001:db8:1:3::1").equals(RateLimits.clientKey("2001:db8:1:2::1")), equalTo(false));
        assertThat(RateLimits.clientKey("192.0.2.7"), equalTo("192.0.2.7"));
    }
}
