package dev.g20.render;

import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.Box;
import dev.g20.spectrogram.Colormap;
import dev.g20.spectrogram.SpectrogramFrame;

import javax.imageio.ImageIO;
import java.awt.AWTError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A whole recording's waterfall as one PNG: frequency across, time down, Hz and seconds on the
 * axes, colours from the config's colormap over [ref - range, ref]. Frames are reduced as they
 * arrive (bins to at most {@code maxWidth} columns, STFT rows to at most {@code maxHeight} image
 * rows; when the image is full, neighbouring rows are merged and each image row then covers twice
 * as many STFT rows), so memory stays bounded for recordings of any length. Labelled boxes (track
 * or detection boxes in a frame's canonical space, or absolute time/frequency boxes) are drawn on
 * top. Not thread-safe; feed frames from one thread.
 */
public final class WaterfallImage implements Consumer<SpectrogramFrame> {
    public static final int DEFAULT_MAX_WIDTH = 1600;
    public static final int DEFAULT_MAX_HEIGHT = 1200;

    /** How several bins or rows become one pixel, both in dB. */
    public enum Reduce {
        /** The loudest (keeps narrow and short signals visible). */
        MAX,
        /** The average of the dB values. */
        MEAN
    }

    /** A labelled box in absolute coordinates: source samples (time) and Hz (frequency). */
    private record Overlay(double startSample, double endSample, double lowHz, double highHz, String label, Color color) {
    }

    static {
        // never try to open a display: this runs on servers
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** A capture of fewer image rows than this is stretched (integer factor) to at least this tall. */
    public static final int MIN_PLOT_HEIGHT = 256;

    private static final int LEFT = 78;
    private static final int RIGHT = 84;
    private static final int TOP = 42;
    private static final int BOTTOM = 52;

    private final SpectrogramConfig config;
    private final Colormap colormap;
    private final Reduce reduce;
    private final int maxWidth;
    private final int maxHeight;
    private String title;

    private boolean started;
    private int bins;
    private int width;
    private int binsPerPixel;
    private long firstSample;
    private int hop;
    private double sampleRate;
    private double centerFreq;
    private String configHash;
    private float[] data;
    private int[] counts;
    private float[] rowScratch;
    private int rowsPerPixel = 1;
    private int stretch = 1;
    private long stftRows;
    private final Map<Long, long[]> frames = new HashMap<>();
    private final List<Overlay> overlays = new ArrayList<>();

    public WaterfallImage(SpectrogramConfig config) {
        this(config, DEFAULT_MAX_WIDTH, DEFAULT_MAX_HEIGHT, Reduce.MAX);
    }

    public WaterfallImage(SpectrogramConfig config, int maxWidth, int maxHeight, Reduce reduce) {
        if (maxWidth < 16 || maxHeight < 16) throw new IllegalArgumentException("image must be at least 16 x 16 pixels");
        this.config = config;
        this.colormap = Colormap.of(config.colormap());
        this.reduce = reduce;
        this.maxWidth = maxWidth;
        // even, so that halving merges whole pairs
        this.maxHeight = maxHeight & ~1;
    }

    /** A line drawn above the plot (e.g. the recording's name). */
    public WaterfallImage title(String t) {
        this.title = t;
        return this;
    }

    /** Adds one frame's rows (frames must be consecutive, from one source and one config). */
    @Override
    public void accept(SpectrogramFrame frame) {
        if (!started) start(frame);
        if (frame.bins() != bins || !frame.configHash().equals(configHash))
            throw new IllegalArgumentException("frame " + frame.frameId() + " has config " + frame.configHash()
                    + ", the waterfall was started with " + configHash);
        frames.put(frame.frameId(), new long[]{frame.firstSample(), frame.spanSamples()});
        float[] psd = frame.psdDb();
        for (int r = 0; r < frame.validRows(); r++) {
            reduceRow(psd, r * bins);
            int y = (int) (stftRows / rowsPerPixel);
            if (y == maxHeight) {
                halve();
                y = (int) (stftRows / rowsPerPixel);
            }
            int o = y * width;
            if (reduce == Reduce.MAX) {
                for (int x = 0; x < width; x++) data[o + x] = Math.max(data[o + x], rowScratch[x]);
            } else {
                for (int x = 0; x < width; x++) data[o + x] += rowScratch[x];
            }
            counts[y]++;
            stftRows++;
        }
    }

    private void start(SpectrogramFrame f) {
        started = true;
        bins = f.bins();
        binsPerPixel = 1;
        while (bins / binsPerPixel > maxWidth) binsPerPixel *= 2;
        width = bins / binsPerPixel;
        firstSample = f.firstSample();
        hop = f.hop();
        sampleRate = f.sampleRateHz();
        centerFreq = f.centerFreqHz();
        configHash = f.configHash();
        data = new float[maxHeight * width];
        counts = new int[maxHeight];
        rowScratch = new float[width];
        if (reduce == Reduce.MAX) Arrays.fill(data, Float.NEGATIVE_INFINITY);
    }

    private void reduceRow(float[] psd, int base) {
        for (int x = 0; x < width; x++) {
            int b = base + x * binsPerPixel;
            float acc = psd[b];
            if (reduce == Reduce.MAX) {
                for (int i = 1; i < binsPerPixel; i++) acc = Math.max(acc, psd[b + i]);
            } else {
                for (int i = 1; i < binsPerPixel; i++) acc += psd[b + i];
                acc /= binsPerPixel;
            }
            rowScratch[x] = acc;
        }
    }

    /** Merges image rows pairwise; each row then covers twice as many STFT rows. */
    private void halve() {
        int half = maxHeight / 2;
        for (int y = 0; y < half; y++) {
            int a = 2 * y * width, b = a + width, o = y * width;
            for (int x = 0; x < width; x++) {
                data[o + x] = reduce == Reduce.MAX ? Math.max(data[a + x], data[b + x]) : data[a + x] + data[b + x];
            }
            counts[y] = counts[2 * y] + counts[2 * y + 1];
        }
        Arrays.fill(data, half * width, data.length, reduce == Reduce.MAX ? Float.NEGATIVE_INFINITY : 0f);
        Arrays.fill(counts, half, maxHeight, 0);
        rowsPerPixel *= 2;
    }

    /** STFT rows taken in so far. */
    public long stftRows() {
        return stftRows;
    }

    /** Image rows of the plot (without axes) if rendered now. */
    public int plotHeight() {
        return (int) ((stftRows + rowsPerPixel - 1) / rowsPerPixel);
    }

    /**
     * Image pixels per plot row when rendered now: 1, or the smallest integer that makes a short
     * capture (a few STFT rows) at least {@link #MIN_PLOT_HEIGHT} pixels tall, within the height limit. Rows are repeated
     * (nearest neighbour), so no value is invented, and the time axis follows.
     */
    public int rowStretch() {
        int h = plotHeight();
        if (h <= 0 || h >= MIN_PLOT_HEIGHT) return 1;
        // never past the image's height limit
        return Math.max(1, Math.min((MIN_PLOT_HEIGHT + h - 1) / h, maxHeight / h));
    }

    /** Columns of the plot (without axes); 0 before the first frame. */
    public int plotWidth() {
        return width;
    }

    /** STFT rows per image row (1, 2, 4, ...). */
    public int rowsPerPixel() {
        return rowsPerPixel;
    }

    /** FFT bins per image column (1, 2, 4, ...). */
    public int binsPerPixel() {
        return binsPerPixel;
    }

    /**
     * Draws {@code box} (canonical space of frame {@code frameId}, which must have been accepted)
     * with {@code label} in the given colour.
     */
    public void addBox(long frameId, Box box, String label, Color color) {
        long[] f = frames.get(frameId);
        if (f == null) throw new IllegalArgumentException("frame " + frameId + " was not drawn in this waterfall");
        overlays.add(new Overlay(f[0] + box.y1() * f[1], f[0] + box.y2() * f[1], centerFreq + (box.x1() - 0.5) * sampleRate,
                centerFreq + (box.x2() - 0.5) * sampleRate, label, color));
    }

    /** Draws {@code box} in the canonical space of {@code frame} (white). */
    public void addBox(SpectrogramFrame frame, Box box, String label) {
        overlays.add(new Overlay(frame.firstSample() + box.y1() * frame.spanSamples(), frame.firstSample() + box.y2() * frame.spanSamples(),
                frame.freqAt(box.x1()), frame.freqAt(box.x2()), label, Color.WHITE));
    }

    /** Draws a box given in seconds from the start of the source and absolute Hz. */
    public void addBox(double startSeconds, double endSeconds, double lowHz, double highHz, String label, Color color) {
        if (!started) throw new IllegalStateException("add frames before boxes given in seconds");
        overlays.add(new Overlay(startSeconds * sampleRate, endSeconds * sampleRate, lowHz, highHz, label, color));
    }

    /** Renders the image (plot, axes, colour bar, boxes). */
    public BufferedImage render() {
        if (!started) throw new IllegalStateException("no frames: nothing to draw");
        stretch = rowStretch();
        int rowsDrawn = plotHeight();
        int plotH = rowsDrawn * stretch;
        int w = LEFT + width + RIGHT, h = TOP + plotH + BOTTOM;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float floor = (float) (config.psdRefDbm() - config.dynamicRangeDb());
        float perDb = (float) (255 / config.dynamicRangeDb());
        int[] line = new int[width];
        for (int y = 0; y < rowsDrawn; y++) {
            int o = y * width;
            float div = reduce == Reduce.MEAN ? Math.max(1, counts[y]) : 1;
            for (int x = 0; x < width; x++) {
                float v = (data[o + x] / div - floor) * perDb + 0.5f;
                line[x] = colormap.rgb((int) Math.min(255f, Math.max(0f, v)));
            }
            for (int k = 0; k < stretch; k++) img.setRGB(LEFT, TOP + y * stretch + k, width, 1, line, 0, width);
        }
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(new Color(24, 24, 24));
            g.fillRect(0, 0, w, TOP);
            g.fillRect(0, TOP + plotH, w, BOTTOM);
            g.fillRect(0, TOP, LEFT, plotH);
            g.fillRect(LEFT + width, TOP, RIGHT, plotH);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Text text = new Text(g);
            drawFrequencyAxis(g, text, plotH);
            drawTimeAxis(g, text, plotH);
            drawColorBar(g, text, plotH);
            drawTitle(text);
            drawOverlays(g, text, plotH);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Renders and writes a PNG. */
    public void write(Path png) {
        BufferedImage img = render();
        try {
            if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private double xOfHz(double hz) {
        return LEFT + ((hz - centerFreq) / sampleRate + 0.5) * width;
    }

    private double yOfSample(double sample) {
        return TOP + (sample - firstSample) / hop / rowsPerPixel * stretch;
    }

    private void drawFrequencyAxis(Graphics2D g, Text text, int plotH) {
        double step = niceStep(sampleRate, Math.max(2, width / 110));
        String unit = step >= 1e6 ? "MHz" : step >= 1e3 ? "kHz" : "Hz";
        double div = step >= 1e6 ? 1e6 : step >= 1e3 ? 1e3 : 1;
        int yAxis = TOP + plotH;
        g.setColor(Color.LIGHT_GRAY);
        for (long k = (long) Math.ceil(-0.5 * sampleRate / step); k * step <= 0.5 * sampleRate + 1e-9; k++) {
            double off = k * step;
            int x = (int) Math.round(xOfHz(centerFreq + off));
            if (x < LEFT || x > LEFT + width) continue;
            g.drawLine(x, yAxis, x, yAxis + 5);
            String label = k == 0 ? "fc" : String.format(Locale.ROOT, "%+d %s", Math.round(off / div), unit);
            text.centered(label, x, yAxis + 18);
        }
        text.centered(String.format(Locale.ROOT, "frequency: offset from fc = %s (fs = %s)", hz(centerFreq), rate(sampleRate)),
                LEFT + width / 2, yAxis + 38);
    }

    private void drawTimeAxis(Graphics2D g, Text text, int plotH) {
        double t0 = firstSample / sampleRate;
        double t1 = (firstSample + (double) stftRows * hop) / sampleRate;
        double step = niceStep(Math.max(t1 - t0, 1e-9), Math.max(2, plotH / 60));
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        g.setColor(Color.LIGHT_GRAY);
        for (long k = (long) Math.ceil(t0 / step); k * step <= t1 + 1e-12; k++) {
            double t = k * step;
            int y = (int) Math.round(yOfSample(t * sampleRate));
            if (y < TOP || y > TOP + plotH) continue;
            g.drawLine(LEFT - 5, y, LEFT, y);
            text.right(String.format(Locale.ROOT, "%." + decimals + "f s", t), LEFT - 8, y + 4);
        }
        text.rotated("time", 14, TOP + plotH / 2);
    }

    private void drawColorBar(Graphics2D g, Text text, int plotH) {
        int x0 = LEFT + width + 14, barW = 14;
        int barH = Math.max(16, Math.min(plotH, 256));
        for (int i = 0; i < barH; i++) {
            int level = 255 - (int) ((long) i * 255 / Math.max(1, barH - 1));
            g.setColor(new Color(colormap.rgb(level)));
            g.drawLine(x0, TOP + i, x0 + barW - 1, TOP + i);
        }
        g.setColor(Color.LIGHT_GRAY);
        text.left(String.format(Locale.ROOT, "%.0f dB", config.psdRefDbm()), x0 + barW + 4, TOP + 10);
        text.left(String.format(Locale.ROOT, "%.0f dB", config.psdRefDbm() - config.dynamicRangeDb()), x0 + barW + 4, TOP + barH);
        text.left("dBFS/bin", x0, TOP + barH + 16);
    }

    private void drawTitle(Text text) {
        String reduceNote = (binsPerPixel > 1 || rowsPerPixel > 1)
                ? String.format(Locale.ROOT, ", %s of %d bins x %d rows per pixel", reduce.name().toLowerCase(Locale.ROOT), binsPerPixel, rowsPerPixel)
                : "";
        if (stretch > 1) reduceNote += String.format(Locale.ROOT, ", each row drawn %d px tall", stretch);
        String line = String.format(Locale.ROOT, "fft %d %s, hop %d, config %s%s", config.fftSize(), config.window(), hop, configHash, reduceNote);
        text.g.setColor(Color.WHITE);
        if (title != null) {
            text.left(title, 8, 16);
            text.left(line, 8, 34);
        } else {
            text.left(line, 8, 26);
        }
    }

    private void drawOverlays(Graphics2D g, Text text, int plotH) {
        g.setClip(LEFT, TOP, width, plotH);
        g.setStroke(new BasicStroke(1.5f));
        for (Overlay o : overlays) {
            int x1 = (int) Math.floor(xOfHz(o.lowHz())), x2 = (int) Math.ceil(xOfHz(o.highHz()));
            int y1 = (int) Math.floor(yOfSample(o.startSample())), y2 = (int) Math.ceil(yOfSample(o.endSample()));
            g.setColor(o.color());
            g.drawRect(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1));
            if (o.label() != null && !o.label().isEmpty()) text.left(o.label(), x1 + 2, Math.max(TOP + 11, y1 - 2));
        }
        g.setClip(null);
    }

    /** A step of 1, 2 or 5 times a power of ten giving about {@code ticks} ticks over {@code span}. */
    static double niceStep(double span, int ticks) {
        double raw = span / ticks;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / mag;
        return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
    }

    /** Hz with a unit, e.g. "100.250000 MHz". */
    static String hz(double f) {
        double a = Math.abs(f);
        if (a >= 1e9) return String.format(Locale.ROOT, "%.6f GHz", f / 1e9);
        if (a >= 1e6) return String.format(Locale.ROOT, "%.6f MHz", f / 1e6);
        if (a >= 1e3) return String.format(Locale.ROOT, "%.3f kHz", f / 1e3);
        return String.format(Locale.ROOT, "%.0f Hz", f);
    }

    private static String rate(double fs) {
        return fs >= 1e6 ? String.format(Locale.ROOT, "%.3f MS/s", fs / 1e6) : String.format(Locale.ROOT, "%.3f kS/s", fs / 1e3);
    }

    /**
     * Text drawing that survives a JDK without usable fonts (a bare server): the first failure
     * turns labels off and the image is still written, with ticks but no text.
     */
    private static final class Text {
        final Graphics2D g;
        boolean broken;

        Text(Graphics2D g) {
            this.g = g;
            try {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            } catch (RuntimeException | LinkageError | InternalError | AWTError e) {
                broken = true;
            }
        }

        void left(String s, int x, int y) {
            draw(s, x, y, 0);
        }

        void right(String s, int x, int y) {
            draw(s, x, y, 2);
        }

        void centered(String s, int x, int y) {
            draw(s, x, y, 1);
        }

        void rotated(String s, int x, int y) {
            if (broken) return;
            try {
                Graphics2D r = (Graphics2D) g.create();
                r.rotate(-Math.PI / 2, x, y);
                FontMetrics fm = r.getFontMetrics();
                r.drawString(s, x - fm.stringWidth(s) / 2, y);
                r.dispose();
            } catch (RuntimeException | LinkageError | InternalError | AWTError e) {
                broken = true;
            }
        }

        private void draw(String s, int x, int y, int align) {
            if (broken) return;
            try {
                int w = align == 0 ? 0 : g.getFontMetrics().stringWidth(s);
                g.drawString(s, align == 0 ? x : align == 1 ? x - w / 2 : x - w, y);
            } catch (RuntimeException | LinkageError | InternalError | AWTError e) {
                broken = true;
            }
        }
    }
}
