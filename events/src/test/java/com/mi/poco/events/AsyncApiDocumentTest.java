package com.mi.poco.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The AsyncAPI document ({@code asyncapi.yaml}, served by the gateway) describes every event type: a
 * channel on its topic, a message named by its CloudEvents type whose payload is the very schema file
 * the producers' tests validate against ({@link EventSchemas}), its key, and the CloudEvents headers
 * the outbox relay writes. A new event type, or a schema renamed, fails here until the document says so.
 */
class AsyncApiDocumentTest {

    private static final Map<String, Object> DOCUMENT = load();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeHasItsChannelAndMessage(EventType type) {
        List<Map<String, Object>> channels = channels().values().stream()
                .filter(channel -> type.topic().equals(channel.get("address"))).toList();
        assertThat(type + ": one channel on " + type.topic(), channels.size(), equalTo(1));

        Map<String, Object> message = messageOf(channels.get(0), type);
        assertThat(type + " payload", at(message, "payload", "schema", "$ref"), equalTo("." + type.schemaResource()));
        assertThat(type + ": the schema the producers are tested against", EventType.class.getResource(type.schemaResource()),
                notNullValue());
        assertThat(type + " key", at(message, "bindings", "kafka", "key", "type"), equalTo("string"));
        assertThat(type + " headers", at(message, "headers", "$ref"), equalTo("#/components/schemas/cloudEventHeaders"));
    }

    @Test
    void everySchemaFileIsAnEventTypesAndReferenced() throws IOException {
        Set<String> referenced = Stream.of(EventType.values()).map(EventType::schemaResource).collect(Collectors.toSet());
        Path schemas = Path.of(System.getProperty("user.dir"), "src/main/resources/schemas");
        try (Stream<Path> files = Files.list(schemas)) {
            files.forEach(file -> assertThat(file + " belongs to an event type", referenced.contains("/schemas/" + file.getFileName()),
                    equalTo(true)));
        }
    }

    @Test
    void theHeadersAreTheOnesTheRelayWrites() {
        @SuppressWarnings("unchecked")
        List<String> required = (List<String>) at(DOCUMENT, "components", "schemas", "cloudEventHeaders", "required");
        assertThat(required, hasItems(CloudEvents.ID, CloudEvents.TYPE, CloudEvents.SOURCE, CloudEvents.SPECVERSION,
                CloudEvents.TIME, CloudEvents.CONTENT_TYPE_HEADER));
        assertThat(at(DOCUMENT, "components", "schemas", "cloudEventHeaders", "properties", CloudEvents.SPECVERSION, "const"),
                equalTo(CloudEvents.SPEC_VERSION));
    }

    @Test
    void everyOperationIsOnADeclaredChannel() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> operations = (Map<String, Map<String, Object>>) DOCUMENT.get("operations");
        Set<String> refs = channels().keySet().stream().map(name -> "#/channels/" + name).collect(Collectors.toSet());
        operations.forEach((name, operation) -> assertThat(name, refs.contains(at(operation, "channel", "$ref")), equalTo(true)));
        for (String name : channels().keySet()) {
            assertThat(name + " has an operation", operations.values().stream()
                    .anyMatch(operation -> ("#/channels/" + name).equals(at(operation, "channel", "$ref"))), equalTo(true));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> messageOf(Map<String, Object> channel, EventType type) {
        Map<String, Map<String, Object>> messages = (Map<String, Map<String, Object>>) channel.get("messages");
        assertThat(type + " messages", messages, notNullValue());
        for (Map<String, Object> reference : messages.values()) {
            String ref = String.valueOf(reference.get("$ref"));
            Map<String, Object> message = (Map<String, Object>) at(DOCUMENT, "components", "messages",
                    ref.substring(ref.lastIndexOf('/') + 1));
            if (message != null && type.type().equals(message.get("name"))) {
                return message;
            }
        }
        throw new AssertionError(type + ": no message named " + type.type() + " on " + type.topic());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> channels() {
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) DOCUMENT.get("channels");
        assertThat(DOCUMENT, hasKey("channels"));
        return channels;
    }

    private static Object at(Map<String, Object> tree, String... path) {
        Object node = tree;
        for (String step : path) {
            node = node instanceof Map<?, ?> map ? map.get(step) : null;
        }
        return node;
    }

    private static Map<String, Object> load() {
        try (InputStream in = EventType.class.getResourceAsStream("/asyncapi.yaml")) {
            Map<String, Object> document = new Yaml().load(in);
            assertThat(String.valueOf(document.get("asyncapi")), equalTo("3.0.0"));
            return document;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
