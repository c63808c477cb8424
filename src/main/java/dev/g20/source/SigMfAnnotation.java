package dev.g20.source;

import java.util.Map;

/**
 * One SigMF annotation: a time extent in samples and a frequency band in Hz, with a label.
 *
 * @param extras namespaced keys beyond the core ones (e.g. g20:track_id), written as they are
 */
public record SigMfAnnotation(long sampleStart, long sampleCount, double freqLowerEdge, double freqUpperEdge,
                              String label, Map<String, Object> extras) {
    public SigMfAnnotation {
        extras = extras == null ? Map.of() : Map.copyOf(extras);
    }
}
