package com.mi.poco.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** One HTTP/1.1 request written as bytes on a socket: HTTP clients refuse to send most hostile requests. */
public final class RawHttp {

    private static final int MAX_ANSWER = 16 * 1024;

    /**
     * The answer, status line, headers and (the first 16 KiB of) body, to {@code method target} with a
     * {@code Host} header for each of {@code hosts}.
     */
    public static String exchange(int port, String method, String target, String... hosts) throws IOException {
        return exchangeLine(port, method + ' ' + target + " HTTP/1.1", hosts);
    }

    /** The answer to a request of {@code requestLine} as written (method, target, version), with a {@code Host} header for each of {@code hosts}. */
    public static String exchangeLine(int port, String requestLine, String... hosts) throws IOException {
        StringBuilder request = new StringBuilder(requestLine).append("\r\n");
        for (String host : hosts) {
            request.append("Host: ").append(host).append("\r\n");
        }
        return send(port, request.append("Connection: close\r\n\r\n").toString());
    }

    /**
     * What the server answers to {@code bytes} (one or more requests, written as they are) until it closes
     * the connection; a server that keeps it open past 10 s fails with a {@link java.net.SocketTimeoutException}.
     */
    public static String send(int port, String bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes.getBytes(UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            for (int n = in.read(buffer); n > 0 && response.size() < MAX_ANSWER; n = in.read(buffer)) {
                response.write(buffer, 0, n);
            }
            return response.toString(UTF_8);
        }
    }

    /** The status code of an answer {@link #exchange} returned. */
    public static int status(String answer) {
        int afterVersion = answer.indexOf(' ') + 1;
        return Integer.parseInt(answer.substring(afterVersion, afterVersion + 3));
    }

    /**
     * How many answers {@link #send} returned, by their status lines (a body that spells one out counts
     * too: the callers' bodies do not).
     */
    public static int answers(String received) {
        return received.split("HTTP/1\\.1 ", -1).length - 1;
    }

    private RawHttp() {
    }
}
