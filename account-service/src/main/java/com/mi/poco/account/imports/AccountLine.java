package com.mi.poco.account.imports;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.mi.poco.platform.regions.KnownRegion;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** One line of {@code accounts.jsonl}. E-mail, name and phone may be absent; a verified e-mail may not. */
public record AccountLine(
        @NotBlank @Size(max = 64) String pocoAccountId,
        @Email @Size(max = 320) String email,
        @NotNull Boolean emailVerified,
        @Size(max = 200) String name,
        @Size(max = 40) String phone,
        @NotBlank @KnownRegion String region,
        @NotNull Instant createdAt) {

    @JsonIgnore
    @AssertTrue(message = "emailVerified is true but there is no email")
    public boolean isVerifiedEmailPresent() {
        return !Boolean.TRUE.equals(emailVerified) || (email != null && !email.isBlank());
    }
}
