package com.mi.poco.account.service;

import com.mi.poco.platform.regions.KnownRegion;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** What to migrate: exactly one of the account ids, a region, or all accounts not migrated yet. */
public record MigrationRequest(
        List<@NotBlank @Size(max = 64) String> pocoAccountIds,
        @KnownRegion String region,
        Boolean all) {
}
