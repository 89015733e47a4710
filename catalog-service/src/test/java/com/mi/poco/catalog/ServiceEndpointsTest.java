package com.mi.poco.catalog;

import com.mi.poco.testing.ServiceEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceEndpointsTest extends ServiceEndpointsContract {

    ServiceEndpointsTest() {
        super("/api/catalog/products/{id}", "/api/catalog/imports/products");
    }
}
