package com.mi.poco.platform.regions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Validators are built at start-up before runtime configuration exists: the region table is read on first use. */
@ApplicationScoped
public class KnownRegionValidator implements ConstraintValidator<KnownRegion, String> {

    private final Provider<RegionConfig> config;
    private volatile Set<String> regions;

    public KnownRegionValidator(Provider<RegionConfig> config) {
        this.config = config;
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || regions().contains(value.toLowerCase(Locale.ROOT));
    }

    private Set<String> regions() {
        if (regions == null) {
            regions = config.get().codes().stream().map(r -> r.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        }
        return regions;
    }
}
