package com.mi.poco.platform.text;

/**
 * What text a service accepts: anything PostgreSQL's {@code text} can hold, which is every Unicode
 * character but U+0000 (NUL). An identifier or a field carrying one would fail its statement and
 * answer 500 for what is the client's mistake; it is refused where it comes in instead, in a request's
 * path or query ({@link NulFreeRequests}) and in every JSON string ({@link NulFreeJson}), so an import
 * rejects the line and an API call answers 400.
 */
final class StorableText {

    static final String NUL_REFUSED = "a text may not contain U+0000 (NUL)";

    private StorableText() {
    }
}
