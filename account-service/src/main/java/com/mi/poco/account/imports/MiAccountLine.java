package com.mi.poco.account.imports;

import com.mi.poco.platform.regions.KnownRegion;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** One line of {@code mi-accounts.jsonl}: a Xiaomi account that existed before the migration. */
public record MiAccountLine(
        @NotBlank @Size(max = 64) String miAccountId,
        @Email @Size(max = 320) String email,
        @NotBlank @KnownRegion String region) {
}
