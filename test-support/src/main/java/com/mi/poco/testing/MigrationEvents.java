package com.mi.poco.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.events.EventType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

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

    /** Publishes account-erased for the Mi account {@code mi} and its POCO accounts. */
    public static void erase(KafkaCompanion kafka, String mi, String... pocoAccountIds) {
        String ids = Arrays.stream(pocoAccountIds).map(id -> '"' + id + '"').collect(Collectors.joining(","));
        publish(kafka, CloudEventRecords.of(EventType.ACCOUNT_ERASED, UUID.randomUUID().toString(), mi,
                "{\"miAccountId\":\"" + mi + "\",\"pocoAccountIds\":[" + ids + "],\"erasedAt\":\"2025-01-01T00:00:00Z\"}"));
    }

    /** Publishes {@code record} and waits for the broker's ack; where it was written. */
    public static RecordMetadata publish(KafkaCompanion kafka, ProducerRecord<String, String> record) {
        return kafka.produceStrings().fromRecords(record).awaitCompletion().getLastRecord();
    }

    /**
     * Waits until consumer group {@code group} has committed past {@code written}: every record up to
     * it on its partition has been processed (offsets are committed only once all before are done).
     */
    public static void awaitConsumed(KafkaCompanion kafka, String group, RecordMetadata written) {
        TopicPartition partition = new TopicPartition(written.topic(), written.partition());
        await().atMost(Api.ASYNC).until(() -> {
            OffsetAndMetadata committed = kafka.consumerGroups().offsets(group, partition);
            return committed != null && committed.offset() > written.offset();
        });
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
