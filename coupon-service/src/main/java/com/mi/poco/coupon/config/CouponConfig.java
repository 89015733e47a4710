package com.mi.poco.coupon.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.LocalDate;

@ConfigMapping(prefix = "coupons")
public interface CouponConfig {

    /** The day Xiaomi reissued POCO coupons: a coupon expired at the start of it (UTC) is not reissued. */
    @WithDefault("2024-12-12")
    LocalDate reissueDate();

    /** Migrated accounts whose late-imported coupons are decided per transaction. */
    @WithDefault("200")
    int lateBatchSize();
}
