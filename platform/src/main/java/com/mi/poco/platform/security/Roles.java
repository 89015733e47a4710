package com.mi.poco.platform.security;

/**
 * The two roles of the platform, read from a bearer token's {@code groups} claim.
 * <ul>
 * <li>{@link #OPS}: runs imports and migrations, changes products, reads admin and reconciliation
 * endpoints, erases an account. Ops never read a customer's personal-data export.</li>
 * <li>{@link #CUSTOMER}: a Xiaomi account holder; the token's subject is their Mi account id, and
 * they read only that account's data.</li>
 * </ul>
 */
public final class Roles {

    public static final String OPS = "ops";
    public static final String CUSTOMER = "customer";

    private Roles() {
    }
}
