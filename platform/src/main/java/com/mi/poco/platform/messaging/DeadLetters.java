package com.mi.poco.platform.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.Config;

/**
 * Sends a record no handler could apply to its channel's dead-letter topic
 * ({@code mp.messaging.incoming.<channel>.dead-letter-queue.topic}) as SmallRye's own DLQ would:
 * key, value and headers as received, plus {@code dead-letter-reason}, {@code -topic},
 * {@code -partition} and {@code -offset}. Used where records are applied a batch at a time, so
 * that one poison record does not send its whole batch there. Waits for the broker's ack.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClientService kafka;
    private final Config config;

    public DeadLetters(KafkaClientService kafka, Config config) {
        this.kafka = kafka;
        this.config = config;
    }

    public void send(String channel, ConsumerRecord<String, String> record, Throwable reason) {
        String topic = config.getValue("mp.messaging.incoming." + channel + ".dead-letter-queue.topic", String.class);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", String.valueOf(reason.getMessage()).getBytes(UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(UTF_8));
        kafka.<String, String>getProducer("outbox")
                .send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers))
                .await().atMost(ACK_TIMEOUT);
    }
}
