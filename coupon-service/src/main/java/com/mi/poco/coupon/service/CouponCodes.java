package com.mi.poco.coupon.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;

/**
 * New Mi coupon codes: 12 characters from a cryptographically secure source (about 59 bits), drawn
 * from an alphabet with nothing to confuse when read aloud or typed (no 0/O, 1/I/L, U), grouped as
 * {@code MI-XXXX-XXXX-XXXX}. The {@code MI-} prefix keeps them apart from every POCO code; the
 * database's unique constraint is the final guard against a repeat.
 */
@ApplicationScoped
public class CouponCodes {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int GROUPS = 3;
    private static final int GROUP_LENGTH = 4;

    private final SecureRandom random = new SecureRandom();

    public String next() {
        StringBuilder code = new StringBuilder("MI");
        for (int group = 0; group < GROUPS; group++) {
            code.append('-');
            for (int i = 0; i < GROUP_LENGTH; i++) {
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return code.toString();
    }
}
