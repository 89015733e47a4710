package com.mi.poco.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.CloudEvents;
import com.mi.poco.events.EventType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Why an event that is not JSON is poison, as ops read it in the dead-letter list. */
class IncomingEventTest {

    @Test
    void aPayloadThatIsNotJsonIsPoisonSayingWhereItBreaks() {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(EventType.ACCOUNT_MIGRATED.topic(), 0, 0L, "P1",
                "{\"pocoAccountId\":\"P1\"");
        record.headers().add(CloudEvents.ID, "e-1".getBytes(UTF_8));
        record.headers().add(CloudEvents.TYPE, EventType.ACCOUNT_MIGRATED.type().getBytes(UTF_8));

        PoisonEventException poison = assertThrows(PoisonEventException.class,
                () -> IncomingEvent.read(record, EventType.ACCOUNT_MIGRATED, AccountMigrated.class, new ObjectMapper()));

        assertEquals("malformed", poison.kind());
        assertEquals("event e-1 is not a valid " + EventType.ACCOUNT_MIGRATED.type()
                + ": Unexpected end-of-input: expected close marker for Object (column 22)", poison.getMessage());
    }
}
