package com.mi.poco.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.events.EventType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A consuming step's tests play account-service: they publish account-migrated and read the step's reports. */
public final class MigrationEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String accountMigrated(String poco, String mi) {
        return """
                {"pocoAccountId":"%s","miAccountId":"%s","region":"uk","link":"PROVISIONED","migrationId":"%s",\
                "migratedAt":"2024-12-01T00:00:00Z"}""".formatted(poco, mi, UUID.randomUUID());
    }

    /** Publishes account-migrated for {@code poco} to a new Mi account, whose id it returns. */
    public static String migrate(KafkaCompanion kafka, String poco) {
        String mi = Api.unique("M");
        publish(kafka, CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, UUID.randomUUID().toString(), poco,
                accountMigrated(poco, mi)));
        return mi;
    }

    public static void publish(KafkaCompanion kafka, ProducerRecord<String, String> record) {
        kafka.produceStrings().fromRecords(record).awaitCompletion();
    }

    /** The reports consumed so far for {@code key}, parsed, in order. */
    public static List<JsonNode> reportsOf(ConsumerTask<String, String> reports, String key) {
        return CloudEventRecords.withKey(reports.getRecords(), key).stream().map(r -> {
            try {
                return JSON.readTree(r.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** Waits until at least {@code count} reports for {@code key} arrived, and returns them. */
    public static List<JsonNode> awaitReports(ConsumerTask<String, String> reports, String key, int count) {
        await().atMost(Api.ASYNC).until(() -> reportsOf(reports, key).size() >= count);
        return reportsOf(reports, key);
    }

    private MigrationEvents() {
    }
}
