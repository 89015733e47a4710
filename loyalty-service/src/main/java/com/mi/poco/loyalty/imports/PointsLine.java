package com.mi.poco.loyalty.imports;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** One line of {@code points.jsonl}: a ledger entry; a redemption has a negative delta. */
public record PointsLine(
        @NotBlank @Size(max = 64) String entryId,
        @NotBlank @Size(max = 64) String pocoAccountId,
        @NotNull Long delta,
        @NotBlank @Size(max = 64) String reason,
        @NotNull Instant at,
        Instant expiresAt) {

    @JsonIgnore
    @AssertTrue(message = "expiresAt is before at")
    public boolean isExpiryAfterEntry() {
        return expiresAt == null || at == null || !expiresAt.isBefore(at);
    }
}
