package com.mi.poco.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * An export file cut into parts of at most {@code partBytes} bytes, each ending at the end of a line,
 * numbered by their first line, so that a service's rejections keep the file's line numbers.
 */
final class ExportParts {

    /** One part: the line number of its first line, how many lines it holds, and its bytes. */
    record Part(long firstLine, long lines, byte[] bytes) {
    }

    /** A line longer than a whole part: the file cannot be cut there. */
    static final class LineTooLong extends IOException {
        LineTooLong(int partBytes, long line) {
            super("a line longer than " + partBytes + " bytes near line " + line);
        }
    }

    private final InputStream in;
    private final byte[] buffer;
    private int carried;
    private long nextLine = 1;
    private boolean ended;

    ExportParts(InputStream in, int partBytes) {
        this.in = in;
        this.buffer = new byte[partBytes];
    }

    /** The next part, or null at the end of the file. */
    Part next() throws IOException {
        if (ended) {
            return null;
        }
        int length = carried + in.readNBytes(buffer, carried, buffer.length - carried);
        if (length == 0) {
            ended = true;
            return null;
        }
        int end = length;
        if (length < buffer.length) {
            ended = true; // the last part, with or without a newline at its end
        } else {
            while (end > 0 && buffer[end - 1] != '\n') {
                end--;
            }
            if (end == 0) {
                throw new LineTooLong(buffer.length, nextLine);
            }
        }
        byte[] bytes = Arrays.copyOf(buffer, end);
        carried = length - end;
        System.arraycopy(buffer, end, buffer, 0, carried);
        Part part = new Part(nextLine, count(bytes, bytes.length), bytes);
        nextLine += part.lines();
        return part;
    }

    private static long count(byte[] bytes, int length) {
        long lines = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
