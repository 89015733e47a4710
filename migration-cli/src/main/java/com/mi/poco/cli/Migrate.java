package com.mi.poco.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The main job, as a command ({@code bin/migrate}):
 * <ul>
 * <li>{@code generate DIR ACCOUNTS [SEED] [--first-number N]}: a synthetic export ({@link ExportGenerator}),
 * numbered from 1 unless told (the committed sample is numbered from 90,000,001);</li>
 * <li>{@code import DIR}: streams each file of an export to its service through the gateway: {@link ExportImport};</li>
 * <li>{@code run [--region R]}: starts a bulk migration, follows it to COMPLETED and verifies it: {@link MigrationRun};</li>
 * <li>{@code verify}, {@code pause}, {@code resume}, {@code dead-letters}: {@link Operations}.</li>
 * </ul>
 * Both show live progress and end with a summary; the exit status is non-zero if anything failed or
 * was rejected, and the summary says what. The gateway is {@code --gateway URL} or
 * {@code POCO_GATEWAY} (default http://127.0.0.1:8080), the ops token {@code POCO_TOKEN}.
 */
public final class Migrate {

    /** How long a request keeps being tried while the gateway or a service answers 503 or is unreachable. */
    static final Duration PATIENCE = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = GatewayClient.JSON;
    /** The most a service lists per request: dead letters ({@code ?limit=}), failing accounts per check ({@code ?listed=}). */
    private static final int MAX_LISTED = 1000;
    private static final Pattern MIGRATION_ID = Pattern.compile(
            "\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private final Operations operations;
    private final ExportImport imports;
    private final MigrationRun runs;

    public Migrate(URI gateway, String token, PrintStream out) {
        this(gateway, token, out, ExportImport.PART_BYTES);
    }

    /** With parts of at most {@code partBytes} (tests cut small files into several parts). */
    Migrate(URI gateway, String token, PrintStream out, int partBytes) {
        GatewayClient client = new GatewayClient(gateway, token, PATIENCE);
        this.operations = new Operations(client, out);
        this.imports = new ExportImport(client, out, partBytes);
        this.runs = new MigrationRun(client, operations, out);
    }

    /** Imports the export in {@code dir}: {@link ExportImport}. */
    public ExportImport.ImportSummary importExport(Path dir) throws Exception {
        return imports.importExport(dir);
    }

    /** Migrates the accounts imported (of one region, or all) and verifies them: {@link MigrationRun}. */
    public MigrationRun.RunSummary run(String region, Duration stall) throws Exception {
        return runs.run(region, stall);
    }

    public static void main(String[] args) throws Exception {
        System.exit(execute(args));
    }

    /**
     * Runs one command; its exit status: 0 done, 1 something failed or was rejected (the summary says
     * what), 2 the command was wrong (said on stderr, with no stack trace: the operator's mistake, not ours).
     */
    static int execute(String[] args) throws Exception {
        try {
            return command(args);
        } catch (IllegalArgumentException wrong) {
            System.err.println("migrate: " + wrong.getMessage());
            return 2;
        } catch (IOException failed) {
            // what failed, as the client said it ("GET /api/...: HTTP 404: No migration with id ..."); its class only where it said nothing
            System.err.println("migrate: " + (failed.getMessage() == null ? failed : failed.getMessage()));
            return 1;
        }
    }

    private static int command(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String gatewayUrl = option(rest, "--gateway", System.getenv().getOrDefault("POCO_GATEWAY", "http://127.0.0.1:8080"));
        String command = rest.isEmpty() ? "" : rest.remove(0);
        return switch (command) {
            case "generate" -> {
                if (rest.size() < 2) {
                    yield usage();
                }
                int firstNumber = (int) number("--first-number", option(rest, "--first-number", "1"), Integer.MAX_VALUE);
                long seed = rest.size() > 2 ? number("SEED", rest.get(2), Long.MAX_VALUE) : 1L;
                int accounts = (int) number("ACCOUNTS", rest.get(1), Integer.MAX_VALUE);
                ExportGenerator generator = new ExportGenerator(seed, accounts, firstNumber);
                ExportGenerator.Expected expected = generator.writeTo(Path.of(rest.get(0)));
                System.out.println("generated " + rest.get(0) + ": " + expected);
                yield 0;
            }
            case "import" -> {
                if (rest.size() != 1) {
                    yield usage();
                }
                ExportImport.ImportSummary summary = client(gatewayUrl).importExport(Path.of(rest.get(0)));
                yield summary.ok() ? 0 : 1;
            }
            case "run" -> {
                String region = option(rest, "--region", null);
                long stall = number("--stall-seconds", option(rest, "--stall-seconds", "300"), Long.MAX_VALUE / 1_000_000_000);
                if (!rest.isEmpty()) {
                    yield usage();
                }
                MigrationRun.RunSummary summary = client(gatewayUrl).run(region, Duration.ofSeconds(stall));
                yield summary.ok() ? 0 : 1;
            }
            case "verify" -> {
                String migration = option(rest, "--migration", null);
                if (migration != null) {
                    migration = migrationId("--migration", migration);
                }
                int listed = (int) number("--listed", option(rest, "--listed", "20"), MAX_LISTED);
                boolean audit = rest.remove("--audit");
                yield rest.isEmpty() ? (client(gatewayUrl).operations.verify(migration, listed, audit).ok() ? 0 : 1) : usage();
            }
            case "pause", "resume" -> {
                if (rest.size() != 1) {
                    yield usage();
                }
                String migration = migrationId("ID", rest.get(0));
                yield client(gatewayUrl).operations.change(migration, command);
            }
            case "dead-letters" -> deadLetters(client(gatewayUrl).operations, rest);
            default -> usage();
        };
    }

    /** {@code value} as a whole number from 0 to {@code max}, or a message that names {@code what} was wrong. */
    private static long number(String what, String value, long max) {
        try {
            long number = Long.parseLong(value.trim());
            if (number >= 0 && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException(what + " is a whole number from 0 to " + max + ", not \"" + value + "\"");
    }

    /**
     * {@code value} as a migration's id (a UUID, as {@code bin/migrate run} prints it), or a message that names
     * {@code what} was wrong: checked here, an id with a {@code /} or {@code ..} never becomes another path.
     */
    private static String migrationId(String what, String value) {
        if (!MIGRATION_ID.matcher(value.trim()).matches()) {
            throw new IllegalArgumentException(what + " is a migration's id, such as 3b159d59-1070-43da-a5e7-f121342c9d1e, not \""
                    + value + "\"");
        }
        return value.trim().toLowerCase(Locale.ROOT);
    }

    private static Migrate client(String gatewayUrl) {
        String token = System.getenv("POCO_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no ops token in POCO_TOKEN (bin/migrate gets one with `bin/stack token ops`)");
        }
        return new Migrate(URI.create(gatewayUrl), token, System.out);
    }

    private static int deadLetters(Operations operations, List<String> rest) throws IOException {
        String action = rest.isEmpty() ? "list" : rest.remove(0);
        String reason = option(rest, "--reason", null);
        if (action.equals("list")) {
            int limit = (int) number("--limit", option(rest, "--limit", "20"), MAX_LISTED);
            return rest.isEmpty() ? operations.listDeadLetters(reason, limit) : usage();
        }
        if (!action.equals("replay")) {
            return usage();
        }
        com.fasterxml.jackson.databind.node.ObjectNode selection = JSON.createObjectNode();
        boolean all = rest.remove("--all");
        List<String> events = new ArrayList<>();
        for (String event = option(rest, "--event", null); event != null; event = option(rest, "--event", null)) {
            if (!events.contains(event)) {
                events.add(event);
            }
        }
        if (!rest.isEmpty() || (all ? 1 : 0) + (reason != null ? 1 : 0) + (events.isEmpty() ? 0 : 1) != 1) {
            return usage();
        }
        if (all) {
            selection.put("all", true);
        } else if (reason != null) {
            selection.put("reason", reason);
        } else {
            events.forEach(selection.putArray("eventIds")::add);
        }
        return operations.replayDeadLetters(selection);
    }

    private static int usage() {
        System.err.println("""
                usage: bin/migrate generate DIR ACCOUNTS [SEED] [--first-number N]
                       bin/migrate import DIR            [--gateway URL]
                       bin/migrate run [--region R]      [--gateway URL] [--stall-seconds 300]
                       bin/migrate verify [--migration ID] [--listed 20] [--audit]
                       bin/migrate pause|resume ID
                       bin/migrate dead-letters list [--reason KIND] [--limit 20]
                       bin/migrate dead-letters replay --all | --reason KIND | --event ID [--event ID ...]""");
        return 2;
    }

    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        if (at < 0 || at + 1 >= args.size()) {
            return fallback;
        }
        String value = args.get(at + 1);
        args.remove(at + 1);
        args.remove(at);
        return value;
    }
}
