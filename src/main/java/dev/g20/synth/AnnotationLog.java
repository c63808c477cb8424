package dev.g20.synth;

import dev.g20.source.SigMfAnnotation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ground truth of a scene as it is generated: every emission that has been scheduled, turned
 * into SigMF annotations on demand (clipped to what has been generated so far). A drifting
 * emission longer than one segment is split at multiples of {@code segmentSamples} (the canonical
 * frame span), so each piece's band is the band covered within that frame, not over its whole life.
 */
final class AnnotationLog {
    private record Entry(Emitter emitter, Emission emission) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final double centerFreqHz;
    private final long segmentSamples;

    AnnotationLog(double centerFreqHz, long segmentSamples) {
        this.centerFreqHz = centerFreqHz;
        this.segmentSamples = segmentSamples;
    }

    synchronized void add(Emitter emitter, Emission emission) {
        entries.add(new Entry(emitter, emission));
    }

    /** Forgets emissions that ended before sample {@code before} (bounds memory for endless live scenes). */
    synchronized void forgetBefore(long before) {
        entries.removeIf(e -> e.emission.end() <= before);
    }

    /**
     * Annotations overlapping samples [from, to), for samples generated so far ({@code generated}),
     * sorted by start then emitter.
     */
    synchronized List<SigMfAnnotation> list(long generated, long from, long to) {
        return list(generated, from, to, -1);
    }

    /**
     * As {@link #list(long, long, long)}, but as a frame spanning [from, to) shows them: a voice
     * emission whose speech is audible for fewer than {@code minAudibleSamples} of its samples in
     * the span shows only its carrier, so it is annotated as a carrier ({@link #carrierOnly}).
     * Negative {@code minAudibleSamples}: every emission as transmitted.
     */
    synchronized List<SigMfAnnotation> list(long generated, long from, long to, long minAudibleSamples) {
        record Keyed(long start, int emitter, SigMfAnnotation a) {
        }
        List<Keyed> out = new ArrayList<>();
        long upTo = Math.min(generated, to);
        for (Entry en : entries) {
            Emission e = en.emission;
            long s = Math.max(0, e.start());
            long end = Math.min(e.end(), generated);
            if (end <= s || e.end() <= from || e.start() >= upTo) continue;
            Emitter em = en.emitter;
            boolean split = em.drift.moving() && e.end() - Math.max(0, e.start()) > segmentSamples;
            if (!split) {
                out.add(new Keyed(s, em.id, shown(em, annotation(em, e, s, end, -1), s, end, from, to, minAudibleSamples)));
                continue;
            }
            long a = s;
            while (a < end) {
                long b = Math.min(end, (a / segmentSamples + 1) * segmentSamples);
                if (b > from && a < upTo)
                    out.add(new Keyed(a, em.id, shown(em, annotation(em, e, a, b, (int) (a / segmentSamples)), a, b, from, to, minAudibleSamples)));
                a = b;
            }
        }
        out.sort(Comparator.comparingLong(Keyed::start).thenComparingInt(Keyed::emitter));
        List<SigMfAnnotation> list = new ArrayList<>(out.size());
        for (Keyed k : out) list.add(k.a);
        return list;
    }

    private static SigMfAnnotation shown(Emitter em, SigMfAnnotation ann, long a, long b, long from, long to, long minAudibleSamples) {
        AudibleRuns runs = em.audibleRuns();
        if (minAudibleSamples < 0 || runs == null) return ann;
        long lo = Math.max(a, from), hi = Math.min(b, to);
        return runs.audibleWithin(lo, hi) >= Math.min(minAudibleSamples, hi - lo) ? ann : carrierOnly(em, ann);
    }

    /**
     * A voice emission in a speech pause: the band shrinks to the carrier's (the minimum
     * annotation width, plus any drift) and the label is cw, what the frame shows; the emitter's
     * own class stays in {@code g20:transmitted_label}.
     */
    static SigMfAnnotation carrierOnly(Emitter em, SigMfAnnotation ann) {
        double shrink = (em.bandwidthHz - em.fs * Emitter.MIN_BANDWIDTH_FRACTION) / 2;
        if (shrink < 0) shrink = 0;
        Map<String, Object> extras = new LinkedHashMap<>(ann.extras());
        extras.put("g20:transmitted_label", ann.label());
        extras.put("g20:shown_as", "carrier");
        return new SigMfAnnotation(ann.sampleStart(), ann.sampleCount(), ann.freqLowerEdge() + shrink, ann.freqUpperEdge() - shrink,
                new Waveform.Cw().className(), extras);
    }

    private SigMfAnnotation annotation(Emitter em, Emission e, long a, long b, int segment) {
        double[] band = em.band(e, a, b);
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("g20:emitter_id", em.id);
        extras.put("g20:modulation", em.spec.waveform().modulation());
        extras.put("g20:snr_db", Math.round(em.spec.snrDb() * 100) / 100.0);
        if (em.drift.moving()) extras.put("g20:drift_hz_per_s", em.drift.slopeAt(a));
        if (segment >= 0) extras.put("g20:segment", segment);
        return new SigMfAnnotation(a, b - a, centerFreqHz + band[0], centerFreqHz + band[1], em.label, extras);
    }
}
