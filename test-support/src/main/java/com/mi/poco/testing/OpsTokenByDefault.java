package com.mi.poco.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Every RestAssured request of a {@code @QuarkusTest} carries an ops token unless it sets its own
 * {@code Authorization} header: the tests of what a service does are not each about who may do it.
 * Who may do what is tested on its own, with requests that do not go through RestAssured
 * ({@link AccessMatrix}). Registered as a Quarkus test callback, so it runs in the test's class loader.
 */
public class OpsTokenByDefault implements QuarkusTestBeforeEachCallback {

    private static final Filter OPS_UNLESS_GIVEN = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", Tokens.bearer(Tokens.ops()));
        }
        return context.next(request, response);
    };

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!RestAssured.filters().contains(OPS_UNLESS_GIVEN)) {
            RestAssured.filters(OPS_UNLESS_GIVEN);
        }
    }
}
