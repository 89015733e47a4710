package com.mi.poco.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A test profile that records every statement Hibernate sends ({@link RecordedStatements}), for {@link IndexProbes}. */
public class IndexProbeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(RecordedStatements.PROPERTY, RecordedStatements.class.getName());
    }
}
