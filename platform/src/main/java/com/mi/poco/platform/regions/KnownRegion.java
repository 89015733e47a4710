package com.mi.poco.platform.regions;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A region code from the configured region table, in any letter case; null is left to {@code @NotNull}. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KnownRegionValidator.class)
public @interface KnownRegion {

    String message() default "is not a known region";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
