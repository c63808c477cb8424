package dev.g20.alert;

import dev.g20.emitter.Emitter;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One alert rule of alerts.yaml: which emitters it matches (band, classes, SNR, duration), when it
 * fires and what it does. Null filters match everything.
 *
 * @param bandLoHz    with bandHiHz: the emitter's occupied range must overlap [bandLoHz, bandHiHz]
 * @param classes     class names (lower case); empty = any class
 * @param minSnrDb    the emitter's mean SNR at least this
 * @param minDurationS first to last seen at least this long
 * @param since       for NEW_IN_BAND_SINCE: how far back a similar emitter makes this one not new
 * @param repeat      for ACTIVE: at most one alert per emitter per this interval
 */
public record AlertRule(String name, Double bandLoHz, Double bandHiHz, Set<String> classes, Double minSnrDb,
                        Double minDurationS, AlertWhen when, Duration since, Duration repeat, List<AlertAction> actions) {

    public AlertRule {
        classes = Set.copyOf(classes);
        actions = List.copyOf(actions);
    }

    /** The filters (not the when condition). */
    public boolean matches(Emitter e) {
        if (bandLoHz != null && (e.freqMaxHz() < bandLoHz || e.freqMinHz() > bandHiHz)) return false;
        if (!classes.isEmpty() && (e.className() == null || !classes.contains(e.className().toLowerCase(java.util.Locale.ROOT)))) return false;
        if (minSnrDb != null && e.snrDbMean() < minSnrDb) return false;
        return minDurationS == null || (e.lastSeenNs() - e.firstSeenNs()) / 1e9 >= minDurationS;
    }
}
