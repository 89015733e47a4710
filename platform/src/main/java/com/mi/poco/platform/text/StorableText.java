package com.mi.poco.platform.text;

/**
 * What text a service accepts: Unicode characters that PostgreSQL's {@code text} can hold, which is every
 * one but U+0000 (NUL). An identifier or a field carrying a NUL would fail its statement and answer 500 for
 * what is the client's mistake; a lone UTF-16 surrogate (JSON's {@code "\ud800"} without the low half that
 * would pair it) is no character at all, and was stored as {@code ?} without a word. Both are refused where
 * they come in instead: a NUL in a request's path or query ({@link NulFreeRequests}; a path's bytes that are
 * not UTF-8 decode to U+FFFD, which is stored as it is), either in every JSON string
 * ({@link StorableJsonStrings}), so an import rejects the line and an API call answers 400.
 */
final class StorableText {

    static final String NUL_REFUSED = "a text may not contain U+0000 (NUL)";
    static final String LONE_SURROGATE_REFUSED = "a text may not contain half a UTF-16 surrogate pair (such as \\ud800 alone): it is no character";

    private StorableText() {
    }

    /** Why {@code text} cannot be stored as it is, or null if it can. */
    static String refusal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return NUL_REFUSED;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return LONE_SURROGATE_REFUSED;
                }
                i++; // the pair's low half
            }
        }
        return null;
    }
}
