package com.mi.poco.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How often {@code bin/migrate run} asks for a migration's progress. */
class MigrationRunTest {

    @ParameterizedTest(name = "an answer in {0} ms: ask again after {1} ms")
    @CsvSource({
        "5, 500",        // a quick answer: twice a second at most
        "125, 500",
        "300, 1200",     // a slow server: four times the answer's time, a fifth of one connection
        "1250, 5000",
        "4000, 5000",    // never longer than 5 s ...
        "90000, 5000",   // ... even after the client waited out a 90 s database outage (it slept 6 min)
    })
    void fourTimesTheLastAnswerWithinHalfASecondAndFive(long answeredInMillis, long pollAfterMillis) {
        assertEquals(Duration.ofMillis(pollAfterMillis), MigrationRun.pollAfter(Duration.ofMillis(answeredInMillis)));
    }
}
