package dev.g20.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who this sensor is, until a sensor config names it: the host name. Everything that stores or
 * sends a sensor id asks {@link #id()}, so a configured id replaces it in one place.
 */
public final class SensorDefaults {
    private SensorDefaults() {
    }

    private static final String ID = hostName();

    /** This sensor's id: the host name ("localhost" if it cannot be found). */
    public static String id() {
        return ID;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env.strip();
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
