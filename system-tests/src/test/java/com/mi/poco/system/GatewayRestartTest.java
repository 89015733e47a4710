package com.mi.poco.system;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.events.EventType;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.KafkaBrokerResource;
import com.mi.poco.testing.ServiceProcess;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A gateway that starts answers no legacy URL until its route table has caught up with
 * {@code catalog-routes}: over three starts, from the moment it listens, a product URL asked every 20 ms gets a 503 with
 * {@code Retry-After} or the right 301, never the fallback 301 a browser would keep for good.
 */
class GatewayRestartTest {

    private static final int ROUTES = 2000;

    @Test
    void aStartingGatewayAnswersEveryProductUrlRightOrWithA503NeverWithTheFallback() throws Exception {
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        String slug = "poco-restart-" + UUID.randomUUID().toString().substring(0, 8);
        publishRoutes(bootstrap, slug);
        String right = "https://www.mi.com/uk/product/" + slug + "/";

        for (int start = 0; start < 3; start++) {
            List<String> wrong = new ArrayList<>();
            int[] answers = new int[2]; // 503s, right 301s
            try (ServiceProcess gateway = ServiceProcess.launch("redirect-gateway", "gateway-restart-" + start,
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap))) {
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    String answer = ask(gateway.port(), "/uk/product/" + slug);
                    if (answer == null) {
                        return false; // not listening yet
                    }
                    if (answer.startsWith("503") && answer.contains("retry-after:")) {
                        answers[0]++;
                    } else if (answer.startsWith("301") && answer.contains("location: " + right)) {
                        answers[1]++;
                    } else {
                        wrong.add(answer);
                    }
                    return answers[1] >= 10;
                });
            }
            assertThat(wrong, empty());
            assertThat(answers[1], equalTo(10));
            System.out.printf("gateway start %d: %d answers 503 while loading, then %d right 301s%n", start, answers[0], answers[1]);
        }
    }

    /** Many routes, the one asked for last, so that loading them takes a while. */
    private static void publishRoutes(String bootstrap, String slug) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i <= ROUTES; i++) {
                String name = i == ROUTES ? slug : slug + "-filler-" + i;
                producer.send(CloudEventRecords.of(EventType.CATALOG_ROUTE_CHANGED, UUID.randomUUID().toString(), name, """
                        {"slug":"%s","status":"ACTIVE","successor":null,"regions":{"uk":"/uk/product/%s/"},\
                        "changedAt":"2025-01-09T00:00:00Z"}""".formatted(name, name)));
            }
            producer.flush();
        }
    }

    /** The status line and headers (lower case) a po.co request gets, or null if nothing listens yet. */
    private static String ask(int port, String path) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: po.co\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            String head = (headersEnd < 0 ? response : response.substring(0, headersEnd)).toLowerCase();
            return head.startsWith("http/1.1 ") ? head.substring("http/1.1 ".length()) : head;
        } catch (IOException notListening) {
            return null;
        }
    }
}
