package com.mi.poco.messaging;

import com.mi.poco.testing.KafkaBrokerResource;
import com.mi.poco.testing.PostgresDatabaseResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every test of this module runs against one real broker and one fresh real database. */
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresDatabaseResource.class, scope = TestResourceScope.GLOBAL)
public final class RealInfrastructure {

    private RealInfrastructure() {
    }
}
