package com.mi.poco.platform.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The batch-then-each-alone rule on its own, with items that fail or not: no database needed. */
class BatchOrEachAloneTest {

    private final List<List<String>> attempts = new ArrayList<>();
    private final List<String> appliedItems = new ArrayList<>();
    private final Map<String, String> failedItems = new TreeMap<>();
    private final List<String> batchFailures = new ArrayList<>();

    /** An attempt that fails (all or none) when it holds a "bad" item, and answers the items it applied. */
    private List<String> attempt(List<String> items) {
        attempts.add(items);
        if (items.stream().anyMatch(i -> i.startsWith("bad"))) {
            throw new IllegalStateException("cannot apply " + items);
        }
        return items;
    }

    private void apply(List<String> items) {
        BatchOrEachAlone.apply(items, this::attempt, appliedItems::addAll,
                failure -> batchFailures.add(failure.getMessage()),
                (item, failure) -> failedItems.put(item, failure.getMessage()));
    }

    @Test
    void aBatchThatAppliesIsOneAttempt() {
        apply(List.of("a", "b", "c"));

        assertEquals(List.of(List.of("a", "b", "c")), attempts);
        assertEquals(List.of("a", "b", "c"), appliedItems);
        assertEquals(List.of(), batchFailures);
    }

    @Test
    void aBatchThatFailsIsAppliedItemByItemAndOnlyTheBadItemsFail() {
        apply(List.of("a", "bad1", "b", "bad2"));

        assertEquals(List.of(List.of("a", "bad1", "b", "bad2"), List.of("a"), List.of("bad1"), List.of("b"), List.of("bad2")),
                attempts);
        assertEquals(List.of("a", "b"), appliedItems);
        assertEquals(Map.of("bad1", "cannot apply [bad1]", "bad2", "cannot apply [bad2]"), failedItems);
        assertEquals(1, batchFailures.size());
    }

    @Test
    void aHookThatThrowsStopsEverythingThere() {
        IllegalStateException stop = new IllegalStateException("stop");
        assertThrows(IllegalStateException.class, () -> BatchOrEachAlone.apply(List.of("a", "bad"), this::attempt,
                appliedItems::addAll, failure -> {
                    throw stop;
                }, (item, failure) -> failedItems.put(item, "")));

        assertEquals(1, attempts.size());
        assertEquals(List.of(), appliedItems);
    }

    @Test
    void nothingIsAttemptedForNoItems() {
        apply(List.of());

        assertEquals(List.of(), attempts);
    }
}
