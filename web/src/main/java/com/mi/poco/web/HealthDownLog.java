package com.mi.poco.web;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;

/**
 * SmallRye Health logs the whole health document at INFO on every probe that finds a check DOWN
 * (SRHCK01001). Probed as often as a start-up script or a fault run does, that was most of a log:
 * 101 of the gateway's 117 lines over one {@code bin/stack up} (its warm-up takes seconds, probed
 * 20 times a second), 254 lines in account-service's over a fault run. What the lines said is
 * whether, and which, checks were down; what caused it (a database or broker away) is logged by whoever
 * met it.
 *
 * <p>So a DOWN report is logged when the checks that are down change, and again at most once per
 * {@link #AGAIN_AFTER} while they stay the same. Health itself is untouched: every probe still gets the
 * whole document. (A check that went DOWN, UP and DOWN again within that minute is not logged the
 * second time: the UP between is not logged, so it cannot be seen here.) The filter sits on SmallRye
 * Health's logger, not on a handler, so it holds for whatever handlers a deployment adds.
 */
public final class HealthDownLog implements Filter {

    static final String LOGGER = "io.smallrye.health";
    static final Duration AGAIN_AFTER = Duration.ofMinutes(1);
    private static final String DOWN_REPORT = "SRHCK01001";
    /** A check in the document, as SmallRye writes it: its name, then its status. */
    private static final Pattern CHECK_DOWN = Pattern.compile("\"name\":\"((?:[^\"\\\\]|\\\\.)*)\",\"status\":\"DOWN\"");

    private final LongSupplier nanoTime;
    private Set<String> lastDown;
    private long lastLogged;

    HealthDownLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized boolean isLoggable(LogRecord record) {
        String message = record instanceof ExtLogRecord formatted ? formatted.getFormattedMessage() : record.getMessage();
        if (message == null || !message.startsWith(DOWN_REPORT)) {
            return true;
        }
        Set<String> down = checksDown(message);
        long now = nanoTime.getAsLong();
        if (down.equals(lastDown) && now - lastLogged < AGAIN_AFTER.toNanos()) {
            return false;
        }
        lastDown = down;
        lastLogged = now;
        return true;
    }

    private static Set<String> checksDown(String report) {
        Set<String> names = new TreeSet<>();
        Matcher check = CHECK_DOWN.matcher(report);
        while (check.find()) {
            names.add(check.group(1));
        }
        return names;
    }

    /** Puts the filter on SmallRye Health's logger as the application starts. */
    @ApplicationScoped
    static class Installed {

        /** Held: a logger only weakly referenced may be collected, its filter with it. */
        private static final Logger HEALTH = Logger.getLogger(LOGGER);

        void install(@Observes StartupEvent start) {
            HEALTH.setFilter(new HealthDownLog(System::nanoTime));
        }
    }
}
