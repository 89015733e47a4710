package com.mi.poco.account.imports;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** One line of {@code feedback.jsonl}: site feedback, about an order or not. */
public record FeedbackLine(
        @NotBlank @Size(max = 64) String feedbackId,
        @NotBlank @Size(max = 64) String pocoAccountId,
        @Size(max = 64) String orderId,
        @NotNull @Min(1) @Max(5) Integer rating,
        @Size(max = 4000) String comment,
        @NotNull Instant createdAt) {
}
