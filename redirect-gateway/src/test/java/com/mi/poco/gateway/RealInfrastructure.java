package com.mi.poco.gateway;

import com.mi.poco.testing.KafkaBrokerResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every gateway test runs against one real broker (the gateway has no database). */
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
public final class RealInfrastructure {

    private RealInfrastructure() {
    }
}
