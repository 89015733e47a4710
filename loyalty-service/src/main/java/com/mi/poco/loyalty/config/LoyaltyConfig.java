package com.mi.poco.loyalty.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

@ConfigMapping(prefix = "loyalty")
public interface LoyaltyConfig {

    /**
     * Mi points per POCO point ("users retain their earned POCO Points": 1 by default). At most six
     * decimals; a rate that gives fractions is rounded down and the remainder recorded.
     */
    @WithDefault("1")
    BigDecimal rate();

    /** Migrated accounts whose late-imported points are converted per transaction. */
    @WithDefault("200")
    int lateBatchSize();
}
