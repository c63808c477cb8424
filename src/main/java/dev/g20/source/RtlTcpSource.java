package dev.g20.source;

import dev.g20.util.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client of the rtl_tcp protocol (osmocom rtl-sdr's TCP server): reads the 12-byte greeting
 * ("RTL0", tuner type, gain count, big-endian), sends 5-byte commands (one command byte, a
 * big-endian uint32 parameter) for sample rate, frequency and gain, then streams cu8 samples.
 *
 * <p>URL: {@code rtl_tcp://host:port[?freq=HZ&rate=HZ&gain=auto|DB&ppm=N&reconnect=SECONDS]};
 * numbers accept suffixes k, M, G (e.g. {@code freq=433.92M}). On a lost connection it reconnects
 * with backoff (resending every command) for up to {@code reconnect} seconds, then fails with a
 * one-line error; samples lost while disconnected are not represented in the stream.
 */
public final class RtlTcpSource implements IqSource {
    private static final Logger LOG = LoggerFactory.getLogger(RtlTcpSource.class);

    /** rtl_tcp command bytes (rtl_tcp.c). */
    public static final int CMD_SET_FREQ = 0x01, CMD_SET_SAMPLE_RATE = 0x02, CMD_SET_GAIN_MODE = 0x03,
            CMD_SET_GAIN = 0x04, CMD_SET_FREQ_CORRECTION = 0x05;
    private static final String[] TUNERS = {"unknown", "E4000", "FC0012", "FC0013", "FC2580", "R820T", "R828D"};
    private static final int CONNECT_TIMEOUT_MS = 5000;
    private static final int READ_TIMEOUT_MS = 5000;

    /**
     * Connection parameters.
     *
     * @param gainTenthsDb manual gain in tenths of a dB, or null for automatic gain
     * @param ppm          frequency correction, 0 = none sent
     * @param reconnectSeconds how long to keep trying after a lost connection (0 = fail at once)
     */
    public record Options(String host, int port, long freqHz, long sampleRateHz, Integer gainTenthsDb, int ppm,
                          double reconnectSeconds) {
        public static final long DEFAULT_FREQ = 100_000_000L;
        public static final long DEFAULT_RATE = 2_048_000L;

        /** Parses {@code rtl_tcp://host:port?freq=..&rate=..&gain=..}; errors are one line naming the part. */
        public static Options parse(String url) {
            String prefix = "rtl_tcp://";
            if (!url.regionMatches(true, 0, prefix, 0, prefix.length()))
                throw new SourceException(url + ": expected rtl_tcp://host:port[?freq=HZ&rate=HZ&gain=auto|DB]");
            URI uri;
            try {
                // "rtl_tcp" is not a valid URI scheme (underscore), so parse the rest as an http authority
                uri = new URI("http://" + url.substring(prefix.length()));
            } catch (URISyntaxException e) {
                throw new SourceException(url + ": not a valid rtl_tcp URL (expected rtl_tcp://host:port[?freq=HZ&rate=HZ&gain=auto|DB])");
            }
            if (uri.getHost() == null)
                throw new SourceException(url + ": missing host (expected rtl_tcp://host:port)");
            int port = uri.getPort() < 0 ? 1234 : uri.getPort();
            Map<String, String> q = query(url, uri.getRawQuery());
            long freq = DEFAULT_FREQ, rate = DEFAULT_RATE;
            Integer gain = null;
            int ppm = 0;
            double reconnect = 30;
            for (Map.Entry<String, String> e : q.entrySet()) {
                String v = e.getValue();
                switch (e.getKey()) {
                    case "freq", "frequency" -> freq = hz(url, e.getKey(), v, 1, 4_294_967_295L);
                    case "rate", "sample_rate" -> rate = hz(url, e.getKey(), v, 1, 4_294_967_295L);
                    case "gain" -> {
                        if (!v.equalsIgnoreCase("auto")) {
                            double db = number(url, "gain", v);
                            if (!(db >= 0 && db <= 100)) throw new SourceException(url + ": gain must be 'auto' or dB in [0, 100], got " + v);
                            gain = (int) Math.round(db * 10);
                        }
                    }
                    case "ppm" -> {
                        double p = number(url, "ppm", v);
                        if (p != Math.rint(p) || Math.abs(p) > 1000) throw new SourceException(url + ": ppm must be an integer in [-1000, 1000], got " + v);
                        ppm = (int) p;
                    }
                    case "reconnect" -> {
                        reconnect = number(url, "reconnect", v);
                        if (!(reconnect >= 0 && reconnect <= 86400)) throw new SourceException(url + ": reconnect must be seconds in [0, 86400], got " + v);
                    }
                    default -> throw new SourceException(url + ": unknown parameter '" + e.getKey() + "' (known: freq, rate, gain, ppm, reconnect)");
                }
            }
            return new Options(uri.getHost(), port, freq, rate, gain, ppm, reconnect);
        }

        private static Map<String, String> query(String url, String raw) {
            Map<String, String> m = new LinkedHashMap<>();
            if (raw == null || raw.isEmpty()) return m;
            for (String part : raw.split("&")) {
                if (part.isEmpty()) continue;
                int eq = part.indexOf('=');
                if (eq <= 0) throw new SourceException(url + ": parameter '" + part + "' needs a value (name=value)");
                m.put(part.substring(0, eq).toLowerCase(Locale.ROOT), part.substring(eq + 1));
            }
            return m;
        }

        private static double number(String url, String key, String v) {
            String s = v.trim();
            double mult = 1;
            if (!s.isEmpty()) {
                char c = s.charAt(s.length() - 1);
                if (c == 'k' || c == 'K') mult = 1e3;
                else if (c == 'M') mult = 1e6;
                else if (c == 'G' || c == 'g') mult = 1e9;
                if (mult != 1) s = s.substring(0, s.length() - 1);
            }
            try {
                double d = Double.parseDouble(s) * mult;
                if (!Double.isFinite(d)) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new SourceException(url + ": " + key + " must be a number (suffix k, M or G allowed), got '" + v + "'");
            }
        }

        private static long hz(String url, String key, String v, long min, long max) {
            double d = number(url, key, v);
            if (!(d >= min && d <= max)) throw new SourceException(url + ": " + key + " must be in [" + min + ", " + max + "] Hz, got " + v);
            return Math.round(d);
        }
    }

    private final Options options;
    private final String name;
    private final SourceInfo info;
    private final byte[] buffer = new byte[1 << 18];
    private final ByteBuffer bufferView = ByteBuffer.wrap(buffer);
    private volatile Socket socket;
    private InputStream in;
    private volatile boolean closed;
    private int carry = -1;
    private long reconnects;
    private String tuner = "unknown";
    private int gainCount;

    /** Connects, reads the greeting and sends the tuning commands; fails with a one-line error. */
    public RtlTcpSource(Options options) {
        this.options = options;
        this.name = "rtl_tcp://" + options.host() + ":" + options.port();
        try {
            connect();
        } catch (IOException e) {
            throw new SourceException(name + ": cannot connect (" + Errors.oneLine(e) + "); is rtl_tcp running there?", e);
        }
        this.info = new SourceInfo(options.sampleRateHz(), options.freqHz(), System.currentTimeMillis() * 1_000_000L, -1, name, true);
    }

    public RtlTcpSource(String url) {
        this(Options.parse(url));
    }

    public Options options() {
        return options;
    }

    /** Tuner named in the server's greeting (E4000, R820T, ...). */
    public String tuner() {
        return tuner;
    }

    /** Number of gain steps the server's tuner reports. */
    public int gainCount() {
        return gainCount;
    }

    /** Successful reconnections after a lost connection. */
    public synchronized long reconnects() {
        return reconnects;
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setReceiveBufferSize(1 << 20);
            s.connect(new InetSocketAddress(options.host(), options.port()), CONNECT_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            DataInputStream din = new DataInputStream(s.getInputStream());
            byte[] magic = new byte[4];
            din.readFully(magic);
            if (!"RTL0".equals(new String(magic, StandardCharsets.ISO_8859_1)))
                throw new SourceException(name + ": not an rtl_tcp server (greeting starts with "
                        + new String(magic, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "?") + ", expected RTL0)");
            int tunerType = din.readInt();
            gainCount = din.readInt();
            tuner = tunerType >= 0 && tunerType < TUNERS.length ? TUNERS[tunerType] : "type " + tunerType;
            OutputStream out = s.getOutputStream();
            byte[] cmds = new byte[25];
            int n = 0;
            n = command(cmds, n, CMD_SET_SAMPLE_RATE, options.sampleRateHz());
            n = command(cmds, n, CMD_SET_FREQ, options.freqHz());
            n = command(cmds, n, CMD_SET_GAIN_MODE, options.gainTenthsDb() == null ? 0 : 1);
            if (options.gainTenthsDb() != null) n = command(cmds, n, CMD_SET_GAIN, options.gainTenthsDb());
            if (options.ppm() != 0) n = command(cmds, n, CMD_SET_FREQ_CORRECTION, options.ppm());
            out.write(cmds, 0, n);
            out.flush();
            synchronized (this) {
                if (closed) throw new IOException("closed");
                socket = s;
                in = s.getInputStream();
            }
            carry = -1;
            LOG.info("{}: connected, tuner {}, {} gain steps; {} Hz at {} S/s, gain {}", name, tuner, gainCount,
                    options.freqHz(), options.sampleRateHz(),
                    options.gainTenthsDb() == null ? "auto" : (options.gainTenthsDb() / 10.0) + " dB");
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static int command(byte[] b, int off, int cmd, long param) {
        b[off] = (byte) cmd;
        b[off + 1] = (byte) (param >>> 24);
        b[off + 2] = (byte) (param >>> 16);
        b[off + 3] = (byte) (param >>> 8);
        b[off + 4] = (byte) param;
        return off + 5;
    }

    @Override
    public int read(float[] iq, int maxSamples) {
        if (maxSamples <= 0) return 0;
        for (; ; ) {
            if (closed) return -1;
            try {
                int want = Math.min(2 * maxSamples, buffer.length);
                int off = 0;
                if (carry >= 0) {
                    buffer[0] = (byte) carry;
                    off = 1;
                    carry = -1;
                }
                int got = in.read(buffer, off, want - off);
                if (got < 0) throw new IOException("server closed the connection");
                int bytes = off + got;
                if ((bytes & 1) == 1) carry = buffer[--bytes] & 0xff;
                int samples = bytes / 2;
                if (samples == 0) continue;
                bufferView.clear().limit(bytes);
                SampleFormat.CU8.decode(bufferView, iq, samples);
                return samples;
            } catch (SocketTimeoutException e) {
                if (closed) return -1;
                reconnect(new IOException("no samples for " + READ_TIMEOUT_MS / 1000 + " s"));
            } catch (IOException e) {
                if (closed) return -1;
                reconnect(e);
            }
        }
    }

    private void reconnect(IOException cause) {
        closeSocket();
        long deadline = System.nanoTime() + (long) (options.reconnectSeconds() * 1e9);
        long backoffMs = 250;
        IOException last = cause;
        LOG.warn("{}: connection lost ({}); reconnecting for up to {} s", name, Errors.oneLine(cause), options.reconnectSeconds());
        while (!closed && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.min(backoffMs, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoffMs = Math.min(backoffMs * 2, 4000);
            try {
                connect();
                synchronized (this) {
                    reconnects++;
                }
                LOG.warn("{}: reconnected; samples sent while disconnected are lost", name);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        if (closed) return;
        throw new SourceException(name + ": connection lost and not re-established within "
                + options.reconnectSeconds() + " s (" + Errors.oneLine(last) + ")", last);
    }

    private void closeSocket() {
        Socket s;
        synchronized (this) {
            s = socket;
            socket = null;
        }
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    /** Closes the connection; a read blocked on another thread returns -1. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        closeSocket();
    }
}
