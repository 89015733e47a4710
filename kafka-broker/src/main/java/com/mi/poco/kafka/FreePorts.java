package com.mi.poco.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A port nothing listens on, for a process that binds it later (a broker, a service of a test).
 * <p>
 * Not the one the kernel gives a {@code ServerSocket(0)}: that comes from the ephemeral range, the one
 * the kernel also takes outgoing connections' local ports from, and between the pick and the bind
 * (seconds, while a JVM starts) a connection of another process starting at the same time can take it:
 * a service of a system test then failed to start, "Address already in use" (seen 2026-12-03). A port
 * below that range is never taken that way; one is picked at random there, checked free, and not
 * handed out twice by this JVM.
 */
public final class FreePorts {

    private static final int LOWEST = 10_000;
    private static final int EPHEMERAL_FROM_DEFAULT = 32_768;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    public static int pick() {
        int below = ephemeralFrom();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (HANDED_OUT.add(port)) {
                if (free(port)) {
                    return port;
                }
                HANDED_OUT.remove(port);
            }
        }
        throw new UncheckedIOException(new IOException("no free port found between " + LOWEST + " and " + below));
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The lowest port of the kernel's ephemeral range (Linux says it; the IANA range's start elsewhere, which is above Linux's default). */
    private static int ephemeralFrom() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int from = Integer.parseInt(range.split("\\s+")[0]);
            return from > LOWEST + 1_000 ? from : EPHEMERAL_FROM_DEFAULT;
        } catch (IOException | RuntimeException notLinux) {
            return EPHEMERAL_FROM_DEFAULT;
        }
    }

    private FreePorts() {
    }
}
