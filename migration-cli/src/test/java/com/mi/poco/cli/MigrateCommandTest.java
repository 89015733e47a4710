package com.mi.poco.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator's wrong command gets from {@code bin/migrate}: exit status 2 and one line saying what, no stack trace. */
class MigrateCommandTest {

    /** The exit status and what was written to stderr. */
    private record Outcome(int status, String stderr) {
    }

    private static Outcome execute(String... args) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(Migrate.execute(args), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void aCountThatIsNoWholeNumberIsSaidSo(@TempDir Path dir) throws Exception {
        for (String accounts : new String[] {"abc", "-5", "1e3", "99999999999"}) {
            Outcome outcome = execute("generate", dir.toString(), accounts);
            assertThat(accounts, outcome.status(), equalTo(2));
            assertThat(outcome.stderr(), containsString("ACCOUNTS is a whole number from 0 to 2147483647, not \"" + accounts + "\""));
            assertThat(outcome.stderr(), not(containsString("Exception")));
        }
        Outcome seed = execute("generate", dir.toString(), "3", "x");
        assertThat(seed.status(), equalTo(2));
        assertThat(seed.stderr(), containsString("SEED is a whole number"));
        assertThat("nothing generated", Files.exists(dir.resolve("accounts.jsonl")), equalTo(false));
    }

    @Test
    void aNumberRangeTheSampleOwnsIsRefusedWithItsReason(@TempDir Path dir) throws Exception {
        Outcome outcome = execute("generate", dir.toString(), "10", "--first-number", "89999999");
        assertThat(outcome.status(), equalTo(2));
        assertThat(outcome.stderr(), containsString("the numbers from 90000001 are the sample export's"));
    }

    @Test
    void aMigrationIdThatIsNoneIsSaidSoBeforeAnythingIsAsked() throws Exception {
        // no gateway runs and no token is set: the id is refused before either is needed
        for (String[] args : List.of(new String[] {"pause", "../x"}, new String[] {"resume", "a/b"}, new String[] {"pause", ""},
                new String[] {"pause", "1-1-1-1-1"}, new String[] {"verify", "--migration", "zz"},
                new String[] {"verify", "--migration", ""})) {
            Outcome outcome = execute(args);
            String value = args[args.length - 1];
            assertThat(List.of(args).toString(), outcome.status(), equalTo(2));
            assertThat(outcome.stderr(), containsString(" is a migration's id, such as 3b159d59-1070-43da-a5e7-f121342c9d1e, not \""
                    + value + "\""));
        }
    }

    @Test
    void anUnknownCommandGetsTheUsage() throws Exception {
        Outcome outcome = execute("frobnicate");
        assertThat(outcome.status(), equalTo(2));
        assertThat(outcome.stderr(), containsString("usage: bin/migrate generate DIR ACCOUNTS"));
    }

    @Test
    void aRightCommandRuns(@TempDir Path dir) throws Exception {
        assertThat(execute("generate", dir.toString(), "3", "5").status(), equalTo(0));
        assertThat(Files.readAllLines(dir.resolve("accounts.jsonl")).size(), equalTo(3));
    }
}
