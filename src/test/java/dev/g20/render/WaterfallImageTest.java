package dev.g20.render;

import dev.g20.config.StftWindow;

import dev.g20.config.FftBackend;

import dev.g20.cli.Main;
import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.Box;
import dev.g20.source.SampleFormat;
import dev.g20.source.SourceInfo;
import dev.g20.source.TestRecordings;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.Colormap;
import dev.g20.spectrogram.SpectrogramFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaterfallImageTest {
    static final double FS = 1e6;

    static SpectrogramConfig cfg(int fft, int rows) {
        return new SpectrogramConfig(fft, StftWindow.HANN, 0.5, -30, 60, "gray", rows, FftBackend.CPU);
    }

    /** A tone at +fs/4 for the whole recording, and a burst at -fs/4 in its second half. */
    static List<SpectrogramFrame> frames(SpectrogramConfig c, int samples) {
        return frames(c, samples, false);
    }

    /** As {@link #frames(SpectrogramConfig, int)}; {@code flush}: the trailing partial frame too. */
    static List<SpectrogramFrame> frames(SpectrogramConfig c, int samples, boolean flush) {
        float[] iq = TestRecordings.noise(samples, 1e-6, 9);
        float[] tone = TestRecordings.tone(samples, FS / 4, FS, 0.1);
        float[] burst = TestRecordings.tone(samples, -FS / 4, FS, 0.1);
        for (int i = 0; i < iq.length; i++) iq[i] += tone[i] + (i >= iq.length / 2 ? burst[i] : 0);
        List<SpectrogramFrame> out = new ArrayList<>();
        try (var gen = new CanonicalSpectrogramGenerator(c, new SourceInfo(FS, 50e6, 0, samples, "t"), out::add)) {
            gen.accept(iq, samples);
            if (flush) gen.flush();
        }
        return out;
    }

    @Test
    void plotStaysWithinTheLimitsAndKeepsSignalsWhereTheyAre() {
        SpectrogramConfig c = cfg(1024, 32);
        List<SpectrogramFrame> fs = frames(c, 600_000);
        WaterfallImage w = new WaterfallImage(c, 300, 100, WaterfallImage.Reduce.MAX);
        fs.forEach(w);
        long rows = (long) fs.size() * 32;
        assertThat(w.stftRows()).isEqualTo(rows);
        assertThat(w.binsPerPixel()).isEqualTo(4); // 1024 -> 256 columns <= 300
        assertThat(w.plotWidth()).isEqualTo(256);
        assertThat(w.plotHeight()).isLessThanOrEqualTo(100).isGreaterThan(50);
        assertThat(w.rowsPerPixel()).isEqualTo(Integer.highestOneBit((int) ((rows - 1) / 100)) * 2);

        BufferedImage img = w.render();
        int left = img.getWidth() - 84 - 256; // LEFT margin
        int top = 42;
        int toneX = left + 3 * 256 / 4, burstX = left + 256 / 4, quietX = left + 256 / 2 + 10;
        int firstRow = top + 2, lastRow = top + w.plotHeight() - 2;
        // gray colormap: brightness is the level
        assertThat(gray(img, toneX, firstRow)).isGreaterThan(200);
        assertThat(gray(img, toneX, lastRow)).isGreaterThan(200);
        assertThat(gray(img, burstX, firstRow)).isLessThan(60);
        assertThat(gray(img, burstX, lastRow)).isGreaterThan(200);
        assertThat(gray(img, quietX, lastRow)).isLessThan(60);
    }

    @Test
    void aShortCaptureIsStretchedToAReadableHeightWithTheTimeAxisRight() {
        SpectrogramConfig c = cfg(1024, 32);
        // 4000 samples: 6 real STFT rows (hop 512) of one partial frame, the burst in the last 3
        List<SpectrogramFrame> fs = frames(c, 4000, true);
        WaterfallImage w = new WaterfallImage(c);
        fs.forEach(w);
        int rows = (int) w.stftRows();
        assertThat(rows).isBetween(4, 8);
        assertThat(w.plotHeight()).isEqualTo(rows);
        int k = w.rowStretch();
        assertThat(k).isEqualTo((WaterfallImage.MIN_PLOT_HEIGHT + rows - 1) / rows);
        assertThat(rows * k).isGreaterThanOrEqualTo(WaterfallImage.MIN_PLOT_HEIGHT);
        BufferedImage img = w.render();
        assertThat(img.getHeight()).isEqualTo(42 + rows * k + 52);
        int left = img.getWidth() - 84 - w.plotWidth();
        int burstX = left + w.plotWidth() / 4, top = 42;
        // every image row of one STFT row is the same (nearest neighbour), and the burst at -fs/4
        // is dark in the first row and bright in the last, each drawn k pixels tall
        for (int y = 0; y < rows; y++) {
            int first = img.getRGB(burstX, top + y * k);
            for (int j = 1; j < k; j++) assertThat(img.getRGB(burstX, top + y * k + j)).isEqualTo(first);
        }
        assertThat(new Color(img.getRGB(burstX, top)).getGreen()).isLessThan(60);
        assertThat(new Color(img.getRGB(burstX, top + rows * k - 1)).getGreen()).isGreaterThan(150);
        // a box ending half way through the drawn rows ends half way down the stretched plot
        w.addBox(0, rows * 512 / 2 / FS, 50e6 - 10e3, 50e6 + 10e3, "", Color.RED);
        BufferedImage boxed = w.render();
        int cx = left + w.plotWidth() / 2, edge = top + rows * k / 2;
        int red = 0;
        for (int y = edge - 1; y <= edge + 1; y++) red = Math.max(red, new Color(boxed.getRGB(cx, y)).getRed() - new Color(boxed.getRGB(cx, y)).getGreen());
        assertThat(red).as("box edge at y %d", edge).isGreaterThan(150);
    }

    @Test
    void meanReductionAveragesInDb() {
        SpectrogramConfig c = cfg(256, 8);
        List<SpectrogramFrame> fs = frames(c, 40_000);
        WaterfallImage max = new WaterfallImage(c, 64, 16, WaterfallImage.Reduce.MAX);
        WaterfallImage mean = new WaterfallImage(c, 64, 16, WaterfallImage.Reduce.MEAN);
        fs.forEach(max);
        fs.forEach(mean);
        BufferedImage a = max.render(), b = mean.render();
        // noise columns: the mean of dB values is below their max
        int x = a.getWidth() - 84 - 64 + 40, y = 42 + 3;
        assertThat(gray(b, x, y)).isLessThan(gray(a, x, y));
    }

    @Test
    void boxesAreDrawnWhereTheFrameSaysAndUnknownFramesFail() {
        SpectrogramConfig c = cfg(256, 16);
        List<SpectrogramFrame> fs = frames(c, 50_000);
        WaterfallImage w = new WaterfallImage(c, 256, 1000, WaterfallImage.Reduce.MAX);
        fs.forEach(w);
        SpectrogramFrame f = fs.get(2);
        w.addBox(f.frameId(), new Box(0.1, 0.25, 0.2, 0.75), "cw 0.9", Color.RED);
        assertThatThrownBy(() -> w.addBox(99, new Box(0, 0, 1, 1), "x", Color.RED)).hasMessageContaining("99");
        BufferedImage img = w.render();
        int left = img.getWidth() - 84 - 256, top = 42;
        int x1 = left + (int) Math.floor(0.1 * 256);
        int y1 = top + 2 * 16 + 4, y2 = top + 2 * 16 + 12; // frame 2 starts at row 32; 1 row per pixel
        assertThat(new Color(img.getRGB(x1, (y1 + y2) / 2))).isEqualTo(Color.RED);
        assertThat(new Color(img.getRGB(x1 + 5, y1))).isEqualTo(Color.RED);
    }

    @Test
    void processWritesAPngOfTheRecording(@TempDir Path dir) throws Exception {
        int samples = 1_200_000;
        float[] iq = TestRecordings.tone(samples, FS / 8, FS, 0.3);
        Path meta = TestRecordings.sigmf(dir, "rec", SampleFormat.CI16_LE, FS, 2.4e9, 0, iq);
        Path png = dir.resolve("w.png");
        assertThat(Main.execute("process", meta.toString(), "--png", png.toString(), "--png-size", "640x300")).isEqualTo(0);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).isNotNull();
        // 4096 bins -> 512 columns (<= 640); 512 rows of 2048 hop... halved to <= 300 image rows
        assertThat(img.getWidth()).isEqualTo(78 + 512 + 84);
        assertThat(img.getHeight()).isBetween(42 + 100 + 52, 42 + 300 + 52);
        int toneX = 78 + 512 / 2 + 512 / 8;
        assertThat(Colormap.VIRIDIS.rgb(255)).isEqualTo(img.getRGB(toneX, 60) & 0xffffff);
    }

    @Test
    void niceTicks() {
        assertThat(WaterfallImage.niceStep(1e6, 10)).isEqualTo(1e5);
        assertThat(WaterfallImage.niceStep(2.4e6, 10)).isEqualTo(2e5);
        assertThat(WaterfallImage.niceStep(3.7, 8)).isEqualTo(0.5);
        assertThat(WaterfallImage.hz(2.4e9)).isEqualTo("2.400000 GHz");
        assertThat(WaterfallImage.hz(100.25e6)).isEqualTo("100.250000 MHz");
    }

    static int gray(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xff;
    }
}
