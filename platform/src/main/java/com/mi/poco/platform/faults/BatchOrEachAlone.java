package com.mi.poco.platform.faults;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies a batch whole, in one attempt (a transaction, a few statements for hundreds of items); if
 * that fails, applies each item alone, so one item that cannot be applied does not sink the others.
 * The inbox applies a polled batch of events this way, an import a chunk of lines.
 *
 * <p>What an attempt is (its transaction, waiting out transient failures) is the caller's; so is what
 * a failure means: a hook that throws stops everything there (a transient failure the caller will not
 * wait out), one that returns lets the items go on.
 */
public final class BatchOrEachAlone {

    private BatchOrEachAlone() {
    }

    /**
     * @param attempt    applies the items it is given, all or none; answers what was applied
     * @param applied    takes each successful attempt's answer
     * @param batchFailed told why the whole batch failed, before the items are tried alone
     * @param itemFailed told of each item that failed alone, and why
     */
    public static <T, R> void apply(List<T> items, Function<List<T>, R> attempt, Consumer<R> applied,
            Consumer<RuntimeException> batchFailed, BiConsumer<T, RuntimeException> itemFailed) {
        if (items.isEmpty()) {
            return;
        }
        R all;
        try {
            all = attempt.apply(items);
        } catch (RuntimeException failed) {
            batchFailed.accept(failed);
            for (T item : items) {
                R one;
                try {
                    one = attempt.apply(List.of(item));
                } catch (RuntimeException itemFailure) {
                    itemFailed.accept(item, itemFailure);
                    continue;
                }
                applied.accept(one);
            }
            return;
        }
        applied.accept(all);
    }
}
