package com.mi.poco.gateway.redirect;

/**
 * What a legacy URL gets: a permanent redirect to an absolute https URL on a configured target host,
 * a 410 for a product that is gone (with the page to offer instead), or a 400 for a URL no safe
 * redirect can be made from. {@code rule} names the contract row that decided, for ops.
 */
public record Redirect(int status, String location, String rule, boolean unmatched) {

    public static Redirect to(String location, String rule, boolean permanentGet) {
        return new Redirect(permanentGet ? 301 : 308, location, rule, false);
    }

    public static Redirect unmatched(String location, boolean permanentGet) {
        return new Redirect(permanentGet ? 301 : 308, location, "product-unknown", true);
    }

    public static Redirect gone(String alternative) {
        return new Redirect(410, alternative, "product-gone", false);
    }

    public static Redirect refused(String why) {
        return new Redirect(400, null, why, false);
    }
}
