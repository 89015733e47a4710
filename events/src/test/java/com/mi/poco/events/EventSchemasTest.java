package com.mi.poco.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The records serialize (as Quarkus' ObjectMapper does it) to JSON that their schemas accept. */
class EventSchemasTest {

    /** Configured like Quarkus' default ObjectMapper: ISO-8601 instants. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final Instant AT = Instant.parse("2024-12-12T00:00:00Z");

    static Record sample(EventType type) {
        return EventExamples.of(type, "poco-x7-pro");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordConformsToItsSchema(EventType type) throws Exception {
        Record payload = sample(type);

        assertThat(type.payload().isInstance(payload), org.hamcrest.Matchers.is(true));
        assertThat(EventSchemas.violations(type, JSON.writeValueAsString(payload)), empty());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void missingRequiredFieldIsAViolation(EventType type) throws Exception {
        ObjectNode node = JSON.valueToTree(sample(type));
        String first = node.fieldNames().next();
        node.remove(first);

        assertThat(EventSchemas.violations(type, JSON.writeValueAsString(node)), hasItem(containsString(first)));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void unknownFieldIsAViolation(EventType type) throws Exception {
        ObjectNode node = JSON.valueToTree(sample(type));
        node.put("email", "ana@example.com");

        assertThat(EventSchemas.violations(type, JSON.writeValueAsString(node)), not(empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-time", "2024-13-01T00:00:00Z"})
    void badTimestampIsAViolation(String time) throws Exception {
        ObjectNode node = JSON.valueToTree(sample(EventType.ACCOUNT_MIGRATED));
        node.put("migratedAt", time);

        assertThat(EventSchemas.violations(EventType.ACCOUNT_MIGRATED, JSON.writeValueAsString(node)), not(empty()));
    }

    @Test
    void reissuedCouponWithoutItsMiCouponIsAViolation() throws Exception {
        CouponReissued bad = new CouponReissued("P1", "M1", false,
                List.of(new CouponReissued.Outcome("POCO-1", CouponReissued.Decision.REISSUED, null)), AT);

        assertThat(EventSchemas.violations(EventType.COUPON_REISSUED, JSON.writeValueAsString(bad)), not(empty()));
    }

    @Test
    void notJsonIsAViolation() {
        assertThat(EventSchemas.violations(EventType.ACCOUNT_MIGRATED, "{oops"), not(empty()));
    }
}
