package com.mi.poco.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.events.CloudEvents;
import com.mi.poco.events.EventType;
import com.mi.poco.events.Nullable;
import com.mi.poco.platform.problem.JsonFields;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A CloudEvent read from a Kafka record: its id, key and checked payload. Anything that can never be
 * processed (no {@code ce_id}, another type, not JSON, a required field missing) is a
 * {@link PoisonEventException}, which the inbox sends to the dead-letter topic.
 */
public record IncomingEvent<T extends Record>(String id, String key, T payload) {

    public static <T extends Record> IncomingEvent<T> read(
            ConsumerRecord<String, String> record, EventType expected, Class<T> payloadType, ObjectMapper json) {
        String id = header(record, CloudEvents.ID);
        if (id == null || id.isBlank()) {
            throw new PoisonEventException("no-id", "no " + CloudEvents.ID + " header");
        }
        String type = header(record, CloudEvents.TYPE);
        if (!expected.type().equals(type)) {
            throw new PoisonEventException("wrong-type", "event " + id + " has type " + type + ", expected " + expected.type());
        }
        if (record.value() == null) {
            throw new PoisonEventException("no-payload", "event " + id + " has no payload");
        }
        try {
            T payload = json.readValue(record.value(), payloadType);
            requireFields(payload, id);
            return new IncomingEvent<>(id, record.key(), payload);
        } catch (JsonProcessingException malformed) {
            throw new PoisonEventException("malformed", "event " + id + " is not a valid " + expected.type() + ": "
                    + JsonFields.malformed(malformed), malformed);
        }
    }

    /** The last value of header {@code name}, as text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    /** Every component not marked {@link Nullable} must be present, also inside nested records. */
    private static void requireFields(Object value, String id) {
        if (value instanceof Collection<?> items) {
            items.forEach(item -> requireFields(item, id));
            return;
        }
        if (!(value instanceof Record record)) {
            return;
        }
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object field;
            try {
                field = component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            if (field == null && !component.isAnnotationPresent(Nullable.class)) {
                throw new PoisonEventException("missing-field", "event " + id + " lacks required field " + component.getName());
            }
            requireFields(field, id);
        }
    }
}
