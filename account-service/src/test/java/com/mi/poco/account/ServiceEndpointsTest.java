package com.mi.poco.account;

import com.mi.poco.testing.ServiceEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceEndpointsTest extends ServiceEndpointsContract {

    ServiceEndpointsTest() {
        super("/api/accounts/{id}/migration", "/api/accounts/imports/accounts");
    }
}
