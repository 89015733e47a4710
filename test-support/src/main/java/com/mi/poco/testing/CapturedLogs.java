package com.mi.poco.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Everything a service in this JVM logs while open, formatted as it would be written (message,
 * parameters and exception), for tests that check what never reaches a log.
 */
public final class CapturedLogs extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new ArrayList<>();

    public static CapturedLogs start() {
        CapturedLogs logs = new CapturedLogs();
        Logger.getLogger("").addHandler(logs);
        return logs;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    /** Each record as it would be written: logger, message, parameters, then the exception and its causes. */
    public List<String> lines() {
        return records().stream().map(CapturedLogs::line).toList();
    }

    private static String line(LogRecord record) {
        StringBuilder line = new StringBuilder(record.getLoggerName() + " " + record.getMessage());
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            for (Object parameter : parameters) {
                line.append(' ').append(parameter);
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(' ').append(t);
        }
        return line.toString();
    }

    /** The records themselves, as the log's handlers receive them. */
    public synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
