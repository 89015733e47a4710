package com.mi.poco.events;

import java.time.Instant;
import java.util.List;

/**
 * A Mi account's migrated personal data was erased on request (right to be forgotten): every service
 * that holds data of these accounts removes what is personal, keeping only what accounting requires.
 * Keyed by the Mi account id; carries ids only.
 *
 * @param pocoAccountIds the POCO accounts that had been migrated into the Mi account
 */
public record AccountErased(
        String miAccountId,
        List<String> pocoAccountIds,
        Instant erasedAt) {
}
