package com.mi.poco.loyalty;

import com.mi.poco.testing.ServiceEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceEndpointsTest extends ServiceEndpointsContract {

    ServiceEndpointsTest() {
        super("/api/loyalty/accounts/poco/{id}", "/api/loyalty/imports/points");
    }
}
