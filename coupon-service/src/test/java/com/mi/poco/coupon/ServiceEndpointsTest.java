package com.mi.poco.coupon;

import com.mi.poco.testing.ServiceEndpointsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceEndpointsTest extends ServiceEndpointsContract {

    ServiceEndpointsTest() {
        super("/api/coupons/mi/{id}", "/api/coupons/imports/coupons");
    }
}
