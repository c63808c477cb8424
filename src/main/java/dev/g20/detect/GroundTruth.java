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
    /** Boxes thinner than this in time (fraction of a frame, here 2 of 256 rows) are not labelled. */
    public static final double MIN_HEIGHT = 2.0 / 256;

    /**
     * Narrower bands (a CW carrier is about one bin) are widened symmetrically to this width
     * (1/128 of the span: 32 of 4096 bins, 4 pixels of a 512-wide model input) so that a box
     * stays visible and IoU stays meaningful at model resolution.
     */
    public static final double MIN_WIDTH = 1.0 / 128;

    /**
     * One annotation inside one frame.
     *
     * @param annotationIndex index of the annotation in the recording (its ground-truth identity)
     */
    public record LabeledBox(Box box, int classId, String label, int annotationIndex) {
    }

    private GroundTruth() {
    }

    /**
     * The annotations visible in {@code frame}, clipped to it. Labels not in {@code classNames}
     * get class id -1 (class-agnostic scoring can still use them).
     */
    public static List<LabeledBox> inFrame(SpectrogramFrame frame, List<SigMfAnnotation> annotations, List<String> classNames) {
        List<LabeledBox> out = new ArrayList<>();
        double span = frame.spanSamples();
        for (int i = 0; i < annotations.size(); i++) {
            SigMfAnnotation a = annotations.get(i);
            if (Double.isNaN(a.freqLowerEdge()) || Double.isNaN(a.freqUpperEdge())) continue;
            double y1 = clip((a.sampleStart() - frame.firstSample()) / span);
            double y2 = clip((a.sampleStart() + a.sampleCount() - frame.firstSample()) / span);
            double x1 = frame.xOf(a.freqLowerEdge());
            double x2 = frame.xOf(a.freqUpperEdge());
            if (x2 - x1 < MIN_WIDTH) {
                double c = (x1 + x2) / 2;
                x1 = c - MIN_WIDTH / 2;
                x2 = c + MIN_WIDTH / 2;
            }
            x1 = clip(x1);
            x2 = clip(x2);
            if (y2 - y1 < MIN_HEIGHT || x2 <= x1) continue;
            out.add(new LabeledBox(new Box(x1, y1, x2, y2), SignalClasses.idOf(classNames, a.label()), a.label(), i));
        }
        return out;
    }

    private static double clip(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
