package dev.g20.source;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RtlTcpSource against a small rtl_tcp server written here (loopback only, bounded in time). */
@Timeout(30)
class RtlTcpSourceTest {

    /** One received 5-byte command. */
    record Cmd(int code, long param) {
    }

    /**
     * A fake rtl_tcp: per accepted connection it greets, reads {@code commandsPerConnection}
     * commands, then writes {@code samplesPerConnection} cu8 samples in awkward chunk sizes and
     * closes (or keeps the connection open when {@code holdOpen}).
     */
    static final class FakeRtlTcp implements AutoCloseable {
        final ServerSocket server;
        final List<Cmd> commands = Collections.synchronizedList(new ArrayList<>());
        final int connections;
        final int commandsPerConnection;
        final int samplesPerConnection;
        final byte[] greeting;
        final boolean holdOpen;
        final CountDownLatch release = new CountDownLatch(1);
        final Thread thread;
        volatile Throwable error;

        FakeRtlTcp(int connections, int commandsPerConnection, int samplesPerConnection, byte[] greeting, boolean holdOpen) throws IOException {
            this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
            this.connections = connections;
            this.commandsPerConnection = commandsPerConnection;
            this.samplesPerConnection = samplesPerConnection;
            this.greeting = greeting;
            this.holdOpen = holdOpen;
            this.thread = Thread.ofPlatform().daemon().start(this::serve);
        }

        static byte[] rtl0(int tuner, int gains) {
            return ByteBuffer.allocate(12).put("RTL0".getBytes(StandardCharsets.US_ASCII)).putInt(tuner).putInt(gains).array();
        }

        String url(String query) {
            return "rtl_tcp://127.0.0.1:" + server.getLocalPort() + (query.isEmpty() ? "" : "?" + query);
        }

        /** Sample value i of a connection: a ramp, so order and byte pairing are checked. */
        static int byteAt(int connection, long i) {
            return (int) ((i * 7 + connection * 13) & 0xff);
        }

        private void serve() {
            try {
                server.setSoTimeout(20_000);
                for (int c = 0; c < connections; c++) {
                    try (Socket s = server.accept()) {
                        s.setSoTimeout(10_000);
                        OutputStream out = s.getOutputStream();
                        out.write(greeting);
                        out.flush();
                        DataInputStream in = new DataInputStream(s.getInputStream());
                        for (int k = 0; k < commandsPerConnection; k++) {
                            int code = in.readUnsignedByte();
                            long param = in.readInt() & 0xffffffffL;
                            commands.add(new Cmd(code, param));
                        }
                        byte[] all = new byte[2 * samplesPerConnection];
                        for (int i = 0; i < all.length; i++) all[i] = (byte) byteAt(c, i);
                        int[] chunks = {1, 3, 2, 1001, 4096, 7};
                        int off = 0, k = 0;
                        while (off < all.length) {
                            int n = Math.min(chunks[k++ % chunks.length], all.length - off);
                            out.write(all, off, n);
                            out.flush();
                            off += n;
                        }
                        if (holdOpen) release.await(20, TimeUnit.SECONDS);
                    }
                }
            } catch (Throwable t) {
                error = t;
            }
        }

        @Override
        public void close() throws IOException {
            release.countDown();
            server.close();
        }
    }

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose) c.close();
    }

    private FakeRtlTcp fake(int connections, int commands, int samples, byte[] greeting, boolean hold) throws IOException {
        FakeRtlTcp f = new FakeRtlTcp(connections, commands, samples, greeting, hold);
        toClose.add(f);
        return f;
    }

    private static float decoded(int b) {
        // the cu8 decoding of SampleFormat, which recordings use too
        float[] out = new float[2];
        SampleFormat.CU8.decode(ByteBuffer.wrap(new byte[]{(byte) b, (byte) b}), out, 1);
        return out[0];
    }

    private static float[] readSamples(RtlTcpSource src, int samples) {
        float[] out = new float[2 * samples];
        float[] buf = new float[2 * 1000];
        int got = 0;
        while (got < samples) {
            int n = src.read(buf, Math.min(1000, samples - got));
            assertThat(n).isPositive();
            System.arraycopy(buf, 0, out, 2 * got, 2 * n);
            got += n;
        }
        return out;
    }

    @Test
    void greetsTunesAndDecodesCu8() throws Exception {
        int samples = 20_000;
        FakeRtlTcp f = fake(1, 4, samples, FakeRtlTcp.rtl0(5, 29), true);
        try (RtlTcpSource src = new RtlTcpSource(f.url("freq=433.92M&rate=1.024M&gain=20.7"))) {
            assertThat(src.tuner()).isEqualTo("R820T");
            assertThat(src.gainCount()).isEqualTo(29);
            SourceInfo info = src.info();
            assertThat(info.sampleRateHz()).isEqualTo(1_024_000);
            assertThat(info.centerFreqHz()).isEqualTo(433_920_000);
            assertThat(info.totalSamples()).isEqualTo(-1);
            float[] iq = readSamples(src, samples);
            for (int i = 0; i < 2 * samples; i++) assertThat(iq[i]).isEqualTo(decoded(FakeRtlTcp.byteAt(0, i)));
        }
        assertThat(f.commands).containsExactly(
                new Cmd(RtlTcpSource.CMD_SET_SAMPLE_RATE, 1_024_000),
                new Cmd(RtlTcpSource.CMD_SET_FREQ, 433_920_000),
                new Cmd(RtlTcpSource.CMD_SET_GAIN_MODE, 1),
                new Cmd(RtlTcpSource.CMD_SET_GAIN, 207));
        assertThat(f.error).isNull();
    }

    @Test
    void automaticGainAndFrequencyCorrection() throws Exception {
        FakeRtlTcp f = fake(1, 4, 10, FakeRtlTcp.rtl0(1, 14), true);
        try (RtlTcpSource src = new RtlTcpSource(f.url("freq=100000000&gain=auto&ppm=-3"))) {
            readSamples(src, 10);
            assertThat(src.tuner()).isEqualTo("E4000");
            assertThat(src.info().sampleRateHz()).isEqualTo(RtlTcpSource.Options.DEFAULT_RATE);
        }
        assertThat(f.commands).containsExactly(
                new Cmd(RtlTcpSource.CMD_SET_SAMPLE_RATE, RtlTcpSource.Options.DEFAULT_RATE),
                new Cmd(RtlTcpSource.CMD_SET_FREQ, 100_000_000),
                new Cmd(RtlTcpSource.CMD_SET_GAIN_MODE, 0),
                new Cmd(RtlTcpSource.CMD_SET_FREQ_CORRECTION, 0xffffffffL - 2)); // -3 as uint32
    }

    @Test
    void reconnectsAfterADroppedConnectionAndResendsTheCommands() throws Exception {
        int samples = 5000;
        FakeRtlTcp f = fake(2, 4, samples, FakeRtlTcp.rtl0(5, 29), false);
        try (RtlTcpSource src = new RtlTcpSource(f.url("freq=1e8&rate=2.4M&gain=10"))) {
            float[] first = readSamples(src, samples);
            float[] second = readSamples(src, samples);
            for (int i = 0; i < 2 * samples; i++) {
                assertThat(first[i]).isEqualTo(decoded(FakeRtlTcp.byteAt(0, i)));
                assertThat(second[i]).isEqualTo(decoded(FakeRtlTcp.byteAt(1, i)));
            }
            assertThat(src.reconnects()).isEqualTo(1);
        }
        assertThat(f.commands).hasSize(8);
        assertThat(f.commands.subList(4, 8)).isEqualTo(f.commands.subList(0, 4));
        assertThat(f.commands.get(0)).isEqualTo(new Cmd(RtlTcpSource.CMD_SET_SAMPLE_RATE, 2_400_000));
        assertThat(f.commands.get(3)).isEqualTo(new Cmd(RtlTcpSource.CMD_SET_GAIN, 100));
    }

    @Test
    void givesUpWithAOneLineErrorWhenTheServerStaysAway() throws Exception {
        FakeRtlTcp f = fake(1, 3, 100, FakeRtlTcp.rtl0(5, 29), false);
        try (RtlTcpSource src = new RtlTcpSource(f.url("reconnect=0.5"))) {
            readSamples(src, 100);
            f.close();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> src.read(new float[200], 100))
                    .isInstanceOf(SourceException.class)
                    .hasMessageStartingWith("rtl_tcp://127.0.0.1:")
                    .hasMessageContaining("connection lost and not re-established within 0.5 s");
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        }
    }

    @Test
    void closeWakesABlockedRead() throws Exception {
        FakeRtlTcp f = fake(1, 3, 0, FakeRtlTcp.rtl0(5, 29), true);
        RtlTcpSource src = new RtlTcpSource(f.url(""));
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> src.read(new float[200], 100));
        Thread.sleep(200);
        assertThat(read).isNotDone();
        src.close();
        assertThat(read.get(3, TimeUnit.SECONDS)).isEqualTo(-1);
    }

    @Test
    void refusesAServerThatIsNotRtlTcp() throws Exception {
        byte[] http = "HTTP/1.1 200".getBytes(StandardCharsets.US_ASCII);
        FakeRtlTcp f = fake(1, 0, 0, http, true);
        assertThatThrownBy(() -> new RtlTcpSource(f.url("")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("not an rtl_tcp server (greeting starts with HTTP, expected RTL0)");
    }

    @Test
    void connectionRefusedIsAOneLineError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> new RtlTcpSource("rtl_tcp://127.0.0.1:" + port))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("rtl_tcp://127.0.0.1:" + port + ": cannot connect (")
                .hasMessageEndingWith("is rtl_tcp running there?");
    }

    @Test
    void badUrlsNameThePart() {
        assertThatThrownBy(() -> RtlTcpSource.Options.parse("rtl_tcp://h:1234?fq=1"))
                .hasMessage("rtl_tcp://h:1234?fq=1: unknown parameter 'fq' (known: freq, rate, gain, ppm, reconnect)");
        assertThatThrownBy(() -> RtlTcpSource.Options.parse("rtl_tcp://h:1234?freq=abc"))
                .hasMessage("rtl_tcp://h:1234?freq=abc: freq must be a number (suffix k, M or G allowed), got 'abc'");
        assertThatThrownBy(() -> RtlTcpSource.Options.parse("rtl_tcp://h?gain=200"))
                .hasMessageContaining("gain must be 'auto' or dB in [0, 100]");
        assertThatThrownBy(() -> RtlTcpSource.Options.parse("rtl_tcp://h?rate"))
                .hasMessageContaining("parameter 'rate' needs a value");
        RtlTcpSource.Options o = RtlTcpSource.Options.parse("rtl_tcp://radio.local?freq=2.4G&rate=250k");
        assertThat(o.host()).isEqualTo("radio.local");
        assertThat(o.port()).isEqualTo(1234);
        assertThat(o.freqHz()).isEqualTo(2_400_000_000L);
        assertThat(o.sampleRateHz()).isEqualTo(250_000);
        assertThat(o.gainTenthsDb()).isNull();
    }
}
