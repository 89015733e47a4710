package com.mi.poco.loyalty.imports;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * One line of {@code points.jsonl}: a ledger entry; a redemption has a negative delta. A delta beyond
 * {@link #MAX_DELTA} either way is an impossible value (no order earns a billion points): accepted, two of
 * them would overflow the account's balance, which the conversion could then never settle.
 */
public record PointsLine(
        @NotBlank @Size(max = 64) String entryId,
        @NotBlank @Size(max = 64) String pocoAccountId,
        @NotNull @Min(-MAX_DELTA) @Max(MAX_DELTA) Long delta,
        @NotBlank @Size(max = 64) String reason,
        @NotNull Instant at,
        Instant expiresAt) {

    public static final long MAX_DELTA = 1_000_000_000;

    @JsonIgnore
    @AssertTrue(message = "expiresAt is before at")
    public boolean isExpiryAfterEntry() {
        return expiresAt == null || at == null || !expiresAt.isBefore(at);
    }
}
