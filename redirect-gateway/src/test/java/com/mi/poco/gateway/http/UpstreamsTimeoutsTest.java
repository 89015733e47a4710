package com.mi.poco.gateway.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gateway does not start with a client idle timeout that would cut a client off before its 503. */
class UpstreamsTimeoutsTest {

    @Test
    void theClientsIdleTimeoutMustBeLongerThanTheServicesSilenceLimit() {
        Duration silence = Duration.ofSeconds(120);
        assertThrows(IllegalStateException.class,
                () -> Upstreams.requireClientsOutwaitSilentServices(Duration.ofSeconds(60), silence));
        assertThrows(IllegalStateException.class,
                () -> Upstreams.requireClientsOutwaitSilentServices(silence, silence));
        assertDoesNotThrow(() -> Upstreams.requireClientsOutwaitSilentServices(Duration.ofSeconds(180), silence));
    }
}
