package com.mi.poco.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic POCO export (every file of docs/legacy-export.md), the same for the same seed and size:
 * each account draws from a random generator of its own (seed and index), so account 17 is the same
 * in an export of 100 and of 1,000,000.
 *
 * <p>The mix: 20% of accounts have an existing Mi account with the same e-mail (a third of them in
 * another letter case); 15% of e-mails are unverified (an unverified one never links); points with
 * expired entries, redemptions and now and then a negative balance; coupons ACTIVE, REDEEMED and
 * REVOKED, some expired before the reissue date; orders with shipments and tracking events; feedback
 * on some delivered orders; products in every region, India-only ones, and discontinued ones with
 * successors (never a loop). {@code expected.json} holds what a correct migration ends with.
 */
public final class ExportGenerator {

    /** The reissue date of docs/domain.md: a coupon must be ACTIVE and expire after it to be reissued. */
    static final Instant REISSUE_DATE = Instant.parse("2024-12-12T00:00:00Z");
    /** Entries expire either before 2025 or after 2030: the same points are convertible whenever this runs. */
    private static final Instant PAST = Instant.parse("2023-01-01T00:00:00Z");
    private static final Instant FUTURE = Instant.parse("2031-01-01T00:00:00Z");
    private static final String[] REGIONS = {"global", "global", "global", "uk", "uk", "fr", "fr", "de", "de", "es", "it"};
    private static final String[] PRODUCT_REGIONS = {"global", "uk", "fr", "de", "es", "it", "in"};
    private static final String[] FIRST = {"Ana", "Luca", "Marie", "Jonas", "Sofia", "Omar", "Chloe", "Mateo", "Emma",
            "Noah", "Lea", "Hugo", "Ines", "Felix", "Nora", "Pablo", "Giulia", "Theo", "Mia", "Ravi"};
    private static final String[] LAST = {"Silva", "Rossi", "Martin", "Muller", "Garcia", "Smith", "Dubois", "Bianchi",
            "Schmidt", "Lopez", "Taylor", "Bernard", "Romano", "Weber", "Fernandez", "Brown", "Moreau", "Ricci"};
    private static final String[] SKUS = {"POCO-F6-8-256", "POCO-X6-PRO-12-512", "POCO-M6-PRO-8-256", "POCO-C65-6-128",
            "POCO-BUDS-X1", "POCO-WATCH", "POCO-F6-PRO-12-512"};
    private static final String[] COMMENTS = {"Fast delivery", "Great phone for the price", "Box was damaged",
            "Battery lasts two days", "Courier was late", "Exactly as described"};
    /** The real models the articles name (slug, status, successor, regions), ahead of the generated ones. */
    private static final String[][] KNOWN_PRODUCTS = {
            {"poco-x7-pro", "ACTIVE", null, "global,uk,fr,de,es,it"},
            {"poco-x7", "ACTIVE", null, "global,uk,fr,de,es,it"},
            {"poco-f6", "ACTIVE", null, "global,uk,fr,de,es"},
            {"poco-f5", "DISCONTINUED", "poco-f6", "global,uk,fr,de"},
            {"poco-c75", "ACTIVE", null, "in"},
            {"poco-m7-pro-5g", "ACTIVE", null, "in"},
    };
    private static final String CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    /** What a correct migration of the export ends with, and what it holds. */
    public record Expected(long accounts, long existingMiAccounts, long orders, long feedback, long pointEntries,
            long convertiblePoints, long coupons, long eligibleCoupons, long products) {
    }

    /**
     * The committed sample export ({@code samples/export}) is numbered from here (P90000001, M90000001,
     * O90000001-0, its own coupon codes), so that no generated export can collide with it: a generated
     * one is numbered from 1 and stops below this.
     */
    public static final int SAMPLE_FIRST_NUMBER = 90_000_001;

    private final long seed;
    private final int accounts;
    private final int products;
    private final int firstIndex;

    public ExportGenerator(long seed, int accounts) {
        this(seed, accounts, 1);
    }

    /** An export whose accounts are numbered from {@code firstNumber} (1, or {@link #SAMPLE_FIRST_NUMBER} for the sample). */
    public ExportGenerator(long seed, int accounts, int firstNumber) {
        if (firstNumber < 1 || (firstNumber < SAMPLE_FIRST_NUMBER && (long) firstNumber + accounts > SAMPLE_FIRST_NUMBER)) {
            throw new IllegalArgumentException("accounts are numbered from 1 up to " + (SAMPLE_FIRST_NUMBER - 1)
                    + "; the numbers from " + SAMPLE_FIRST_NUMBER + " are the sample export's");
        }
        this.seed = seed;
        this.accounts = accounts;
        this.products = Math.max(24, accounts / 100);
        this.firstIndex = firstNumber - 1;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ExportGenerator <dir> <accounts> [seed]");
            System.exit(2);
        }
        Expected expected = new ExportGenerator(args.length > 2 ? Long.parseLong(args[2]) : 1L, Integer.parseInt(args[1]))
                .writeTo(Path.of(args[0]));
        System.out.println(expected);
    }

    /** Writes the seven files and {@code expected.json} into {@code dir}. */
    public Expected writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        long[] counts = new long[8];
        try (Lines accountsOut = new Lines(dir.resolve("accounts.jsonl"));
                Lines miOut = new Lines(dir.resolve("mi-accounts.jsonl"));
                Lines ordersOut = new Lines(dir.resolve("orders.jsonl"));
                Lines feedbackOut = new Lines(dir.resolve("feedback.jsonl"));
                Lines pointsOut = new Lines(dir.resolve("points.jsonl"));
                Lines couponsOut = new Lines(dir.resolve("coupons.jsonl"))) {
            for (int i = 0; i < accounts; i++) {
                account(firstIndex + i, accountsOut, miOut, ordersOut, feedbackOut, pointsOut, couponsOut, counts);
            }
        }
        try (Lines productsOut = new Lines(dir.resolve("products.jsonl"))) {
            for (String[] known : KNOWN_PRODUCTS) {
                productsOut.write(knownProduct(known));
            }
            for (int p = firstIndex; p < firstIndex + products; p++) {
                product(p, firstIndex + products - 1, productsOut);
            }
        }
        Expected expected = new Expected(accounts, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5],
                counts[6], KNOWN_PRODUCTS.length + products);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("expected.json").toFile(), expected);
        return expected;
    }

    public static String pocoAccountId(int i) {
        return "P%08d".formatted(i + 1);
    }

    private void account(int i, Lines accountsOut, Lines miOut, Lines ordersOut, Lines feedbackOut, Lines pointsOut,
            Lines couponsOut, long[] counts) throws IOException {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
        String id = pocoAccountId(i);
        String region = REGIONS[random.nextInt(REGIONS.length)];
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        String email = (first + "." + last + "." + (i + 1) + "@example.com").toLowerCase(Locale.ROOT);
        boolean verified = random.nextInt(100) < 85;
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("pocoAccountId", id);
        account.put("email", email);
        account.put("emailVerified", verified);
        account.put("name", first + " " + last);
        account.put("phone", "+4477009%05d".formatted(random.nextInt(100_000)));
        account.put("region", random.nextInt(20) == 0 ? region.toUpperCase(Locale.ROOT) : region);
        account.put("createdAt", PAST.minus(random.nextInt(1500), ChronoUnit.DAYS).toString());
        accountsOut.write(account);

        if (random.nextInt(100) < 20) {
            String miEmail = random.nextInt(3) == 0 ? Character.toUpperCase(email.charAt(0)) + email.substring(1) : email;
            miOut.write(obj("miAccountId", "M%08d".formatted(i + 1), "email", miEmail, "region", region));
            counts[0]++;
        }

        String currency = switch (region) {
            case "uk" -> "GBP";
            case "global" -> "USD";
            default -> "EUR";
        };
        int orders = random.nextInt(4);
        for (int o = 0; o < orders; o++) {
            String orderId = "O%08d-%d".formatted(i + 1, o);
            Instant placed = Instant.parse("2022-01-01T09:30:00Z").plus(random.nextInt(1000), ChronoUnit.DAYS);
            List<Map<String, Object>> items = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (int k = 0, n = 1 + random.nextInt(3); k < n; k++) {
                BigDecimal price = BigDecimal.valueOf(1_999 + random.nextInt(50_000), 2);
                int quantity = 1 + random.nextInt(2);
                items.add(obj("sku", SKUS[random.nextInt(SKUS.length)], "name", "POCO item", "quantity", quantity,
                        "unitPrice", price.toPlainString()));
                total = total.add(price.multiply(BigDecimal.valueOf(quantity)));
            }
            String status = random.nextInt(10) < 8 ? "DELIVERED" : random.nextBoolean() ? "CANCELLED" : "RETURNED";
            List<Map<String, Object>> shipments = status.equals("CANCELLED") ? List.of() : List.of(obj(
                    "carrier", random.nextBoolean() ? "DPD" : "DHL",
                    "trackingNumber", "1550%010d".formatted(random.nextLong(10_000_000_000L)),
                    "events", List.of(
                            obj("at", placed.plus(1, ChronoUnit.DAYS).toString(), "status", "SHIPPED", "location", "Warehouse"),
                            obj("at", placed.plus(3, ChronoUnit.DAYS).toString(), "status", "DELIVERED", "location", "Home"))));
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("orderId", orderId);
            order.put("pocoAccountId", id);
            order.put("placedAt", placed.toString());
            order.put("currency", currency);
            order.put("total", total.toPlainString());
            order.put("status", status);
            order.put("items", items);
            order.put("shipments", shipments);
            ordersOut.write(order);
            counts[1]++;
            if (status.equals("DELIVERED") && random.nextInt(10) < 4) {
                Map<String, Object> feedback = new LinkedHashMap<>();
                feedback.put("feedbackId", "F" + orderId.substring(1));
                feedback.put("pocoAccountId", id);
                feedback.put("orderId", orderId);
                feedback.put("rating", 1 + random.nextInt(5));
                feedback.put("comment", COMMENTS[random.nextInt(COMMENTS.length)]);
                feedback.put("createdAt", placed.plus(4, ChronoUnit.DAYS).toString());
                feedbackOut.write(feedback);
                counts[2]++;
            }
        }

        long convertible = 0;
        int entries = random.nextInt(7);
        for (int e = 0; e < entries; e++) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("entryId", "E%08d-%d".formatted(i + 1, e));
            entry.put("pocoAccountId", id);
            long delta;
            Instant expires = null;
            if (e > 0 && random.nextInt(5) == 0) {
                // a redemption; now and then a larger one than the balance (negative converts to 0)
                delta = -(random.nextInt(20) == 0 ? 2_000 : 10 + random.nextInt(200));
                entry.put("reason", "REDEMPTION");
            } else {
                delta = 10 + random.nextInt(800);
                int kind = random.nextInt(10);
                expires = kind < 3 ? PAST.plus(random.nextInt(600), ChronoUnit.DAYS)
                        : kind < 8 ? FUTURE.plus(random.nextInt(600), ChronoUnit.DAYS) : null;
                entry.put("reason", "ORDER");
            }
            entry.put("delta", delta);
            entry.put("at", PAST.minus(random.nextInt(700), ChronoUnit.DAYS).toString());
            if (expires != null) {
                entry.put("expiresAt", expires.toString());
            }
            pointsOut.write(entry);
            counts[3]++;
            if (expires == null || expires.isAfter(FUTURE.minus(1, ChronoUnit.DAYS))) {
                convertible += delta;
            }
        }
        counts[4] += Math.max(0, convertible);

        int coupons = random.nextInt(4);
        for (int c = 0; c < coupons; c++) {
            int roll = random.nextInt(100);
            String status = roll < 70 ? "ACTIVE" : roll < 85 ? "REDEEMED" : "REVOKED";
            Instant expires = random.nextInt(4) == 0 ? Instant.parse("2024-06-30T23:59:59Z")
                    : Instant.parse("2025-03-31T23:59:59Z").plus(random.nextInt(700), ChronoUnit.DAYS);
            boolean percent = random.nextInt(10) < 3;
            Map<String, Object> coupon = new LinkedHashMap<>();
            coupon.put("code", legacyCode(i, c));
            coupon.put("pocoAccountId", id);
            coupon.put("kind", percent ? "PERCENT" : "AMOUNT");
            coupon.put("value", percent ? String.valueOf(5 + random.nextInt(26)) : (5 + 5 * random.nextInt(4)) + ".00");
            if (!percent) {
                coupon.put("currency", currency);
            }
            coupon.put("minSpend", (50 + 50 * random.nextInt(4)) + ".00");
            coupon.put("issuedAt", "2024-0%d-01T00:00:00Z".formatted(1 + random.nextInt(5))); // before every expiry
            coupon.put("expiresAt", expires.toString());
            coupon.put("status", status);
            couponsOut.write(coupon);
            counts[5]++;
            if (status.equals("ACTIVE") && expires.isAfter(REISSUE_DATE)) {
                counts[6]++;
            }
        }
    }

    /** {@code POCO-XXXX-XXXX}, unique per account and index by construction. */
    static String legacyCode(int account, int index) {
        long n = (long) account * 4 + index;
        char[] code = new char[8];
        for (int k = 7; k >= 0; k--) {
            code[k] = CODE_ALPHABET.charAt((int) (n % CODE_ALPHABET.length()));
            n /= CODE_ALPHABET.length();
        }
        return "POCO-" + new String(code, 0, 4) + "-" + new String(code, 4, 4);
    }

    /** A JSON object with its fields in the order given (Map.of's order changes from run to run). */
    private static Map<String, Object> obj(Object... fieldsAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int k = 0; k < fieldsAndValues.length; k += 2) {
            object.put((String) fieldsAndValues[k], fieldsAndValues[k + 1]);
        }
        return object;
    }

    public static String productSlug(int p) {
        return "poco-gen-%05d".formatted(p);
    }

    private static Map<String, Object> knownProduct(String[] known) {
        Map<String, Object> regions = new LinkedHashMap<>();
        for (String region : known[3].split(",")) {
            regions.put(region, obj("miPath", "/" + region + "/product/" + known[0] + "/", "launchedAt", "2025-01-09"));
        }
        return obj("slug", known[0], "name", known[0].toUpperCase(Locale.ROOT).replace('-', ' '),
                "status", known[1], "successor", known[2], "regions", regions);
    }

    private void product(int p, int last, Lines out) throws IOException {
        SplittableRandom random = new SplittableRandom(seed * 7_000_003L + p);
        Map<String, Object> regions = new LinkedHashMap<>();
        boolean indiaOnly = p % 12 == 5;
        for (String region : PRODUCT_REGIONS) {
            if (indiaOnly ? region.equals("in") : random.nextInt(3) > 0) {
                regions.put(region, obj("miPath", "/" + region + "/product/" + productSlug(p) + "/",
                        "launchedAt", "2024-0%d-15".formatted(1 + random.nextInt(9))));
            }
        }
        if (regions.isEmpty()) {
            regions.put("global", obj("miPath", "/global/product/" + productSlug(p) + "/", "launchedAt", "2024-03-15"));
        }
        // discontinued ones point to a later product: chains happen, loops cannot; the last one has none
        boolean discontinued = p < last && random.nextInt(100) < 15;
        String successor = discontinued && random.nextInt(5) > 0 ? productSlug(p + 1 + random.nextInt(Math.min(3, last - p))) : null;
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("slug", productSlug(p));
        product.put("name", "POCO Generated " + p);
        product.put("status", discontinued ? "DISCONTINUED" : "ACTIVE");
        product.put("successor", successor);
        product.put("regions", regions);
        out.write(product);
    }

    /** One JSON object a line, streamed. */
    private static final class Lines implements AutoCloseable {
        private static final JsonFactory FACTORY = new ObjectMapper().getFactory();
        private final OutputStream stream;
        private final JsonGenerator json;

        Lines(Path file) throws IOException {
            stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            json = FACTORY.createGenerator(stream, JsonEncoding.UTF8);
            json.setRootValueSeparator(null);
        }

        void write(Map<String, Object> record) throws IOException {
            json.writeObject(record);
            json.writeRaw('\n');
        }

        @Override
        public void close() {
            try {
                json.close();
                stream.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
