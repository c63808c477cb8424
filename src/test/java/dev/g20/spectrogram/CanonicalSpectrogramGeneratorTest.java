package dev.g20.spectrogram;

import dev.g20.config.StftWindow;

import dev.g20.config.FftBackend;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.g20.config.SpectrogramConfig;
import dev.g20.source.SourceInfo;
import dev.g20.source.TestRecordings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalSpectrogramGeneratorTest {
    static final SourceInfo INFO = new SourceInfo(1_000_000, 100e6, 1_700_000_000_000_000_000L, -1, "test");

    static SpectrogramConfig cfg(int fft, double overlap, int rows) {
        return new SpectrogramConfig(fft, StftWindow.HANN, overlap, -30, 60, "viridis", rows, FftBackend.CPU);
    }

    static List<SpectrogramFrame> feed(SpectrogramConfig c, float[] iq, int chunk) {
        List<SpectrogramFrame> out = new ArrayList<>();
        try (var gen = new CanonicalSpectrogramGenerator(c, INFO, out::add)) {
            for (int s = 0; s < iq.length / 2; s += chunk) {
                int take = Math.min(chunk, iq.length / 2 - s);
                float[] part = new float[2 * take];
                System.arraycopy(iq, 2 * s, part, 0, 2 * take);
                gen.accept(part, take);
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"256,0,8,192", "256,0.5,8,128", "256,0.75,8,64", "512,0.9,4,51", "64,0.5,1,32"})
    void rowAndFrameCountFollowTheHop(int fft, double overlap, int rows, int hop) {
        SpectrogramConfig c = cfg(fft, overlap, rows);
        assertThat(c.hop()).isEqualTo(hop == 192 ? 256 : hop);
        int samples = 20_000;
        List<SpectrogramFrame> frames = feed(c, TestRecordings.noise(samples, 0.1, 1), 1000);
        int spf = (rows - 1) * c.hop() + fft;
        int expected = samples < spf ? 0 : (samples - spf) / (rows * c.hop()) + 1;
        assertThat(frames).hasSize(expected);
        for (int i = 0; i < frames.size(); i++) {
            SpectrogramFrame f = frames.get(i);
            assertThat(f.frameId()).isEqualTo(i);
            assertThat(f.rows()).isEqualTo(rows);
            assertThat(f.bins()).isEqualTo(fft);
            assertThat(f.hop()).isEqualTo(c.hop());
            assertThat(f.firstSample()).isEqualTo((long) i * rows * c.hop());
            assertThat(f.psdDb()).hasSize(rows * fft);
            assertThat(f.levels()).hasSize(rows * fft);
            assertThat(f.rgba()).hasSize(4 * rows * fft);
        }
    }

    @Test
    void framesAreDeterministicWhateverTheChunking() {
        SpectrogramConfig c = cfg(256, 0.5, 8);
        float[] iq = TestRecordings.noise(30_000, 0.1, 7);
        List<SpectrogramFrame> a = feed(c, iq, 30_000);
        List<SpectrogramFrame> b = feed(c, iq, 333);
        assertThat(a).hasSize(b.size()).hasSizeGreaterThan(2);
        for (int i = 0; i < a.size(); i++) {
            SpectrogramFrame x = a.get(i), y = b.get(i);
            assertThat(y.frameId()).isEqualTo(x.frameId());
            assertThat(y.timestampNs()).isEqualTo(x.timestampNs());
            assertThat(y.configHash()).isEqualTo(c.hash());
            assertThat(y.psdDb()).containsExactly(x.psdDb());
            assertThat(y.rgba()).containsExactly(x.rgba());
            // sample-accurate: start time + firstSample / fs, to the nanosecond
            assertThat(x.timestampNs()).isEqualTo(INFO.startTimeNs() + Math.round(x.firstSample() * 1e9 / INFO.sampleRateHz()));
        }
    }

    @Test
    void rgbaIsTheColormapOfTheLevels() {
        SpectrogramConfig c = cfg(64, 0.5, 4);
        SpectrogramFrame f = feed(c, TestRecordings.noise(1000, 0.1, 3), 1000).getFirst();
        Colormap cm = Colormap.VIRIDIS;
        for (int i = 0; i < f.levels().length; i++) {
            int want = cm.rgba(f.levels()[i]);
            int got = ((f.rgba()[4 * i] & 0xff) << 24) | ((f.rgba()[4 * i + 1] & 0xff) << 16) | ((f.rgba()[4 * i + 2] & 0xff) << 8) | (f.rgba()[4 * i + 3] & 0xff);
            assertThat(got).isEqualTo(want);
        }
    }

    @Test
    void reconfigureWarnsWithBothHashesAndDropsThePartialFrame() {
        Logger log = (Logger) LoggerFactory.getLogger(CanonicalSpectrogramGenerator.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        try {
            SpectrogramConfig a = cfg(256, 0.5, 8);
            SpectrogramConfig b = cfg(128, 0.5, 8);
            List<SpectrogramFrame> out = new ArrayList<>();
            try (var gen = new CanonicalSpectrogramGenerator(a, INFO, out::add)) {
                float[] iq = TestRecordings.noise(10_000, 0.1, 5);
                int spfA = CanonicalSpectrogramGenerator.samplesPerFrame(a);
                gen.accept(iq, spfA + 300); // one frame and a partial one
                assertThat(out).hasSize(1);
                gen.reconfigure(a); // same config: nothing happens
                assertThat(events.list).isEmpty();
                gen.reconfigure(b);
                assertThat(events.list).hasSize(1);
                ILoggingEvent e = events.list.getFirst();
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).contains(a.hash()).contains(b.hash()).contains("reset");
                assertThat(gen.configHash()).isEqualTo(b.hash());
                gen.accept(iq, CanonicalSpectrogramGenerator.samplesPerFrame(b));
            }
            assertThat(out).hasSize(2);
            SpectrogramFrame after = out.get(1);
            assertThat(after.frameId()).isEqualTo(1);
            assertThat(after.configHash()).isEqualTo(b.hash());
            assertThat(after.bins()).isEqualTo(128);
            // the buffered tail of the old config is dropped, not mixed into the new frame
            int spfA = CanonicalSpectrogramGenerator.samplesPerFrame(a);
            assertThat(after.firstSample()).isEqualTo(spfA + 300);
        } finally {
            log.detachAppender(events);
        }
    }
}
