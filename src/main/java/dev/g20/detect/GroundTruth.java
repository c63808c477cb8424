package dev.g20.detect;

import dev.g20.source.SigMfAnnotation;
import dev.g20.spectrogram.SpectrogramFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps SigMF annotations (time extent in samples, band in Hz) onto one frame's canonical box
 * space: x = (f - fc) / fs + 0.5, y = (sample - frame.firstSample) / (rows * hop). Used by the
 * dataset labels and by eval, so both see the same truth.
 */
public final class GroundTruth {
    /**
     * A truth box is at least this many bins wide: a carrier narrower than the FFT's resolution
     * still lights the window's main lobe (null to null: rect 2 bins, hann and hamming 4,
     * blackman 6), so 8 bins covers every supported window with a bin of drift either side.
     * In Hz this is 8 fs / fft_size: 19.5 kHz at 10 MS/s and 4096 bins, 39 kHz at 20 MS/s.
     */
    public static final int MIN_WIDTH_BINS = 8;

    /**
     * The minimum width the shipped model's training labels had (1/128 of 4096 bins): its
     * carrier boxes are this wide, so it is scored against it where its own convention matters.
     */
    public static final int TRAINED_MIN_WIDTH_BINS = 32;

    private GroundTruth() {
    }

    /** Minimum truth width in canonical x: {@link #MIN_WIDTH_BINS} of the frame's bins. */
    public static double minWidth(SpectrogramFrame frame) {
        return minWidth(frame, MIN_WIDTH_BINS);
    }

    private static double minWidth(SpectrogramFrame frame, int minBins) {
        return Math.min(1.0, (double) minBins / frame.bins());
    }

    /**
     * Minimum truth height in canonical y: max(one row, half a window) of samples. A burst
     * shorter than that (an ADS-B reply of 60-120 us inside a 2 ms window at 2 MS/s) is seen by
     * the rows whose window weights it at more than half its peak amplitude: for a Hann window
     * those whose centre lies within a quarter window of it, half a window in all, and never
     * fewer than the one row it falls in.
     */
    public static double minHeight(SpectrogramFrame frame) {
        return Math.min(1.0, Math.max(frame.hop(), frame.bins() / 2.0) / frame.spanSamples());
    }

    /**
     * One annotation inside one frame.
     *
     * @param annotationIndex index of the annotation in the recording (its ground-truth identity)
     */
    public record LabeledBox(Box box, int classId, String label, int annotationIndex) {
    }

    /**
     * The annotations visible in {@code frame}, clipped to it. Labels not in {@code classNames}
     * get class id -1 (class-agnostic scoring can still use them).
     */
    public static List<LabeledBox> inFrame(SpectrogramFrame frame, List<SigMfAnnotation> annotations, List<String> classNames) {
        return inFrame(frame, annotations, classNames, MIN_WIDTH_BINS);
    }

    /** As {@link #inFrame(SpectrogramFrame, List, List)} with carriers widened to {@code minWidthBins} bins. */
    public static List<LabeledBox> inFrame(SpectrogramFrame frame, List<SigMfAnnotation> annotations, List<String> classNames,
                                           int minWidthBins) {
        if (minWidthBins < 1) throw new IllegalArgumentException("minimum width " + minWidthBins + " bins < 1");
        List<LabeledBox> out = new ArrayList<>();
        double span = frame.spanSamples();
        double minW = minWidth(frame, minWidthBins), minH = minHeight(frame);
        // a row's window starts at its row and is centred half a window later: a burst shorter
        // than the minimum is boxed where the rows see it, centred on the row whose window centre
        // is on the burst (long boxes keep the plain sample mapping the model was trained on)
        double seenShift = (frame.bins() / 2.0 - frame.hop() / 2.0) / span;
        for (int i = 0; i < annotations.size(); i++) {
            SigMfAnnotation a = annotations.get(i);
            if (Double.isNaN(a.freqLowerEdge()) || Double.isNaN(a.freqUpperEdge())) continue;
            double y1 = (a.sampleStart() - frame.firstSample()) / span;
            double y2 = (a.sampleStart() + a.sampleCount() - frame.firstSample()) / span;
            if (y2 - y1 < minH) {
                double c = (y1 + y2) / 2 - seenShift;
                y1 = c - minH / 2;
                y2 = c + minH / 2;
            }
            y1 = clip(y1);
            y2 = clip(y2);
            // mostly in the neighbouring frame, which labels it
            if (y2 - y1 < minH / 2) continue;
            double x1 = frame.xOf(a.freqLowerEdge());
            double x2 = frame.xOf(a.freqUpperEdge());
            if (x2 - x1 < minW) {
                double c = (x1 + x2) / 2;
                x1 = c - minW / 2;
                x2 = c + minW / 2;
            }
            x1 = clip(x1);
            x2 = clip(x2);
            if (y2 <= y1 || x2 <= x1) continue;
            out.add(new LabeledBox(new Box(x1, y1, x2, y2), SignalClasses.idOf(classNames, a.label()), a.label(), i));
        }
        return out;
    }

    private static double clip(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
