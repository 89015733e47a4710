package com.mi.poco.gateway.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pages as files: every text they name is in the English resource, the customer page is whole in
 * French and German, no other language names a key English lacks, and nothing in them needs more than
 * the Content-Security-Policy allows (no inline script, style or handler, nothing from another origin).
 */
class PagesTest {

    private static final String ROOT = "META-INF/resources/";
    private static final List<String> FILES = List.of("ops/index.html", "account/poco/index.html",
            "assets/session.js", "assets/ops.js", "assets/customer.js");
    private static final Pattern KEY = Pattern.compile("\\bt\\('([A-Za-z]+\\.[A-Za-z]+)'|data-i18n(?:-label|-placeholder)?=\"([^\"]+)\"");
    /** What the customer page shows: translated in every language. The ops console falls back to English. */
    private static final Pattern CUSTOMER_KEYS = Pattern.compile("(common|customer|coupon|decision)\\..+");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyTextThePagesNameIsInEnglish() throws IOException {
        Set<String> english = keys("en");
        Set<String> missing = new TreeSet<>();
        for (String file : FILES) {
            Matcher key = KEY.matcher(read(file));
            while (key.find()) {
                String name = key.group(1) != null ? key.group(1) : key.group(2);
                if (!english.contains(name)) {
                    missing.add(file + ": " + name);
                }
            }
        }
        assertThat(missing, empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "de"})
    void theCustomerPageIsWholeInEveryLanguageAndNoLanguageHasAKeyEnglishLacks(String language) throws IOException {
        Set<String> english = keys("en");
        Set<String> translated = keys(language);
        List<String> untranslated = new ArrayList<>();
        english.stream().filter(k -> CUSTOMER_KEYS.matcher(k).matches() && !translated.contains(k)).forEach(untranslated::add);
        assertThat(language + " lacks", untranslated, empty());
        assertThat(language + " has keys English lacks", translated.stream().filter(k -> !english.contains(k)).toList(), empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops/index.html", "account/poco/index.html"})
    void aPageNeedsNothingTheContentSecurityPolicyRefuses(String page) throws IOException {
        String html = read(page);
        assertThat("inline script", Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(html).find(), equalTo(false));
        assertThat("inline style", html.contains("<style") || html.contains(" style="), equalTo(false));
        assertThat("inline handler", Pattern.compile("\\son[a-z]+=").matcher(html).find(), equalTo(false));
        assertThat("another origin", Pattern.compile("(src|href)=\"(https?:)?//").matcher(html).find(), equalTo(false));
    }

    private static Set<String> keys(String language) throws IOException {
        JsonNode texts = JSON.readTree(read("assets/i18n/" + language + ".json"));
        Set<String> keys = new TreeSet<>();
        texts.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static String read(String file) throws IOException {
        try (InputStream in = PagesTest.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IOException("no " + ROOT + file + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
