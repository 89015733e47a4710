package com.mi.poco.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.mi.poco.events.CloudEvents;
import com.mi.poco.events.EventType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Kafka records as our producers write them (CloudEvents binary mode), for tests that play a producer. */
public final class CloudEventRecords {

    public static ProducerRecord<String, String> of(EventType type, String id, String key, String json) {
        return withHeaders(type.topic(), key, json, Map.of(
                CloudEvents.ID, id,
                CloudEvents.TYPE, type.type(),
                CloudEvents.SOURCE, "/poco-migration/test",
                CloudEvents.SPECVERSION, CloudEvents.SPEC_VERSION,
                CloudEvents.CONTENT_TYPE_HEADER, CloudEvents.CONTENT_TYPE));
    }

    public static ProducerRecord<String, String> withHeaders(String topic, String key, String value,
            Map<String, String> headers) {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach((name, v) -> kafkaHeaders.add(name, v.getBytes(UTF_8)));
        return new ProducerRecord<>(topic, null, key, value, kafkaHeaders);
    }

    public static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), UTF_8));
    }

    public static List<ConsumerRecord<String, String>> withKey(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    private CloudEventRecords() {
    }
}
