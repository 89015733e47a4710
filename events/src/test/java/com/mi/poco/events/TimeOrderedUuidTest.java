package com.mi.poco.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedUuidTest {

    @Test
    void isAVersion7UuidCarryingItsMillisecond() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedUuid.next();
        long after = System.currentTimeMillis();

        assertThat(id.version(), equalTo(7));
        assertThat(id.variant(), equalTo(2));
        assertThat(TimeOrderedUuid.unixMillis(id) >= before, equalTo(true));
        assertThat(TimeOrderedUuid.unixMillis(id), lessThanOrEqualTo(after));
        assertThat("round trip through its text", UUID.fromString(id.toString()), equalTo(id));
    }

    @Test
    void idsOfALaterMillisecondSortLaterAsTextAndAreUnique() throws InterruptedException {
        Set<UUID> ids = new HashSet<>();
        UUID first = TimeOrderedUuid.next();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedUuid.next());
        }
        long firstMillis = TimeOrderedUuid.unixMillis(first);
        UUID later;
        do {
            later = TimeOrderedUuid.next();
        } while (TimeOrderedUuid.unixMillis(later) == firstMillis);

        assertThat(ids.size(), equalTo(100_000));
        // the inbox keys events by the id's text: its order must be the time order
        assertThat(later.toString().compareTo(first.toString()), greaterThan(0));
    }
}
