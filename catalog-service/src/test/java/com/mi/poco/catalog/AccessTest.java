package com.mi.poco.catalog;

import static com.mi.poco.testing.AccessMatrix.Endpoint.open;
import static com.mi.poco.testing.AccessMatrix.Endpoint.ops;

import com.mi.poco.testing.AccessMatrix;
import com.mi.poco.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anyone reads the catalog; only ops change it (see {@link AccessMatrix}). */
@QuarkusTest
class AccessTest {

    @Test
    void everyEndpointAnswersOnlyTheRightToken() {
        String slug = Api.unique("poco-access");
        String product = """
                {"slug":"%s","name":"POCO Access","status":"ACTIVE","successor":null,\
                "regions":{"uk":{"miPath":"/uk/product/%s/","launchedAt":"2025-01-09"}}}""".formatted(slug, slug);

        AccessMatrix.check(List.of(
                ops("POST", "/api/catalog/imports/products", "application/x-ndjson", Api.ndjson(product)),
                ops("PUT", "/api/catalog/products/" + slug, "application/json", product),
                open("GET", "/api/catalog/products/" + slug),
                open("GET", "/api/catalog/products"),
                ops("POST", "/api/catalog/routes/republish"),
                ops("DELETE", "/api/catalog/products/" + slug)));
    }
}
