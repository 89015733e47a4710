package com.mi.poco.testing;

import com.mi.poco.kafka.FreePorts;

/** A port nothing listens on right now, for a process or stand-in a test starts (see {@link FreePorts}). */
public final class Ports {

    public static int free() {
        return FreePorts.pick();
    }

    private Ports() {
    }
}
