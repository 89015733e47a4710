package com.mi.poco.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.events.EventType;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Subscribers read the event contract from the gateway, without a token: the document and every schema it references. */
@QuarkusTest
class EventContractTest {

    @Test
    void theAsyncApiDocumentIsServedAsKeptInTheRepository() throws IOException {
        given().when().get("/events/asyncapi.yaml")
                .then().statusCode(200)
                .contentType(containsString("application/yaml"))
                .body(equalTo(resource("/asyncapi.yaml")));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eachSchemaItReferencesIsServedBesideIt(EventType type) throws IOException {
        String file = type.schemaResource().substring("/schemas/".length());
        given().when().get("/events/schemas/" + file)
                .then().statusCode(200)
                .contentType(containsString("application/schema+json"))
                .body(equalTo(resource(type.schemaResource())));
    }

    @Test
    void anythingElseUnderSchemasIsAProblem() {
        given().when().get("/events/schemas/..%2Fasyncapi.yaml")
                .then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        given().when().get("/events/schemas/com.mi.poco.account.migrated.v9.json")
                .then().statusCode(404)
                .contentType(containsString("application/problem+json"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EventType.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
