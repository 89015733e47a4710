package com.mi.poco.platform.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without holding more than one line: a line longer than the limit
 * is skipped to its end and reported as too long, and the whole stream is bounded in bytes. Lines
 * are decoded strictly as UTF-8; a line that is not is reported, not silently repaired.
 */
final class LineReader {

    /** One line of the stream: its text, or why it has none. */
    record Line(String text, String problem) {
    }

    /** The stream went past its byte limit. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge(long limit) {
            super("body larger than " + limit + " bytes");
        }
    }

    private static final int READ_SIZE = 64 * 1024;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final int maxLine;
    private final long maxBody;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[READ_SIZE];
    private int position;
    private int limit;
    private long total;
    private boolean first = true;
    private byte[] line = new byte[1024];
    private int length;

    LineReader(InputStream in, int maxLine, long maxBody) {
        this.in = in;
        this.maxLine = maxLine;
        this.maxBody = maxBody;
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            byte b = buffer[position++];
            if (b == '\n') {
                break;
            }
            if (length < maxLine) {
                append(b);
            } else {
                tooLong = true;
            }
        }
        if (tooLong) {
            return new Line(null, "line longer than " + maxLine + " bytes");
        }
        int start = 0;
        if (first) {
            first = false;
            if (length >= BOM.length && Arrays.equals(line, 0, BOM.length, BOM, 0, BOM.length)) {
                start = BOM.length;
            }
        }
        int end = length > start && line[length - 1] == '\r' ? length - 1 : length;
        try {
            CharBuffer chars = utf8.decode(ByteBuffer.wrap(line, start, end - start));
            return new Line(chars.toString(), null);
        } catch (CharacterCodingException notUtf8) {
            return new Line(null, "not valid UTF-8");
        }
    }

    private void append(byte b) {
        if (length == line.length) {
            line = Arrays.copyOf(line, Math.min(maxLine, line.length * 2));
        }
        line[length++] = b;
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        total += read;
        if (total > maxBody) {
            throw new BodyTooLarge(maxBody);
        }
        position = 0;
        limit = read;
        return true;
    }
}
