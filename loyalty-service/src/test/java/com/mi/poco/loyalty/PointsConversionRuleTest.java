package com.mi.poco.loyalty;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mi.poco.steps.MigratedAccount;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The points rule of docs/domain.md as a table, on the pure function alone (no Quarkus, no broker):
 * which entries count, what a negative balance converts to, rounding down and the remainder. The
 * real-broker tests ({@code PointsConversionTest}) check the wiring around it.
 */
class PointsConversionRuleTest {

    private static final Instant AT = Instant.parse("2025-01-15T00:00:00Z");

    /**
     * {@code entries}: deltas separated by spaces, each optionally {@code @days} until it expires (negative:
     * expired that many days before the conversion; 0: expires at the conversion, which counts as expired).
     */
    @ParameterizedTest(name = "{0}: {1} at rate {2}")
    @CsvSource(delimiter = '|', textBlock = """
            rate 1 converts every unexpired point             | 500 300                | 1    | 800  | 0   | 800 | 800  | 0
            no entries still converts, to 0                   | ''                     | 1    | 0    | 0   | 0   | 0    | 0
            an expired entry is left out and counted          | 500 200@-1             | 1    | 500  | 200 | 500 | 500  | 0
            an entry expiring at the conversion has expired   | 500 200@0              | 1    | 500  | 200 | 500 | 500  | 0
            one expiring later counts                         | 500 200@1              | 1    | 700  | 0   | 700 | 700  | 0
            a redemption lowers the balance                   | 500 -120               | 1    | 380  | 0   | 380 | 380  | 0
            a negative balance converts to 0                  | 100 -300               | 1    | -200 | 0   | 0   | 0    | 0
            an expired redemption is not counted as expired   | 100 -50@-3             | 1    | 100  | 0   | 100 | 100  | 0
            a fractional rate rounds down, keeps the rest     | 333                    | 0.5  | 333  | 0   | 333 | 166  | 0.5
            a rate above 1                                    | 7                      | 1.25 | 7    | 0   | 7   | 8    | 0.75
            """)
    void convertsByTheRule(String rule, String entries, BigDecimal rate, long balance, long expired, long converted,
            long credited, BigDecimal remainder) {
        PointsConversion conversion = PointsConversion.of(account(), entries(entries), rate, false, AT);

        assertAll(rule,
                () -> assertEquals(balance, conversion.balance, "balance"),
                () -> assertEquals(expired, conversion.expiredPoints, "expired"),
                () -> assertEquals(converted, conversion.pocoPointsConverted, "converted"),
                () -> assertEquals(credited, conversion.miPointsCredited, "credited"),
                () -> assertEquals(0, remainder.compareTo(conversion.remainder), "remainder " + conversion.remainder),
                () -> assertEquals(0, rate.multiply(BigDecimal.valueOf(converted))
                        .compareTo(BigDecimal.valueOf(credited).add(conversion.remainder)), "credited + remainder = converted × rate"));
    }

    @ParameterizedTest
    @CsvSource({"500 200@-1 -50", "10"})
    void everyEntryTakenIsSettledByTheConversion(String entries) {
        List<UnsettledEntry> taken = entries(entries);
        PointsConversion conversion = PointsConversion.of(account(), taken, BigDecimal.ONE, true, AT);

        assertEquals(taken.stream().map(UnsettledEntry::entryId).toList(), conversion.settledEntries());
    }

    @ParameterizedTest
    @CsvSource({"9223372036854775807 1", "-9223372036854775808 -1", "9223372036854775807@-1 1@-1"})
    void aBalanceThatWouldOverflowIsRefusedNotWrappedAround(String entries) {
        List<UnsettledEntry> taken = entries(entries);

        assertThrows(ArithmeticException.class, () -> PointsConversion.of(account(), taken, BigDecimal.ONE, false, AT));
    }

    private static MigratedAccount account() {
        MigratedAccount account = new MigratedAccount();
        account.pocoAccountId = "P1";
        account.miAccountId = "M1";
        return account;
    }

    private static List<UnsettledEntry> entries(String spec) {
        return Arrays.stream(spec.trim().split("\\s+")).filter(s -> !s.isEmpty()).map(token -> {
            String[] parts = token.split("@");
            return new UnsettledEntry("E-" + token, "P1", Long.parseLong(parts[0]),
                    parts.length > 1 ? AT.plus(Duration.ofDays(Long.parseLong(parts[1]))) : null);
        }).toList();
    }
}
