package dev.g20.emitter;

import dev.g20.config.ConfigException;
import dev.g20.config.EmitterConfig;
import dev.g20.config.G20Config;
import dev.g20.detect.Box;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.MotionMode;
import dev.g20.track.Track;
import dev.g20.track.TrackState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The grouping rules one at a time, on tracker records laid out by hand (10 MS/s, 256 rows of hop 2048). */
class EmitterBuilderTest {
    static final double FS = 10e6;
    final List<Emitter> published = new ArrayList<>();
    final Map<Long, Emitter> finals = new LinkedHashMap<>();
    EmitterBuilder builder = new EmitterBuilder(EmitterConfig.defaults(), "t", e -> {
        published.add(e);
        finals.put(e.emitterId(), e);
    }, true);

    static SpectrogramFrame frame(long id) {
        return new SpectrogramFrame(id, id * 52_428_800L, "h", 915e6, FS, id * 524_288L, 2048, 256, 4096, null, null, null);
    }

    static Track track(long id, String cls, double x1, double x2, double y1, double y2, long frame) {
        Box b = new Box(x1, y1, x2, y2);
        return new Track(id, 0, cls, b, b, 0.8, TrackState.CONFIRMED, 0, 5, MotionMode.STATIONARY, 0, 0, 0, 0, 0, frame, 12.0);
    }

    @Test
    void duplicatesOnOneBandAtOneTimeFoldIntoOneEmitterWhateverTheirClass() {
        for (long f = 0; f < 40; f++) {
            builder.update(List.of(track(1, "psk", 0.40, 0.42, 0, 1, f), track(2, "ofdm", 0.401, 0.421, 0, 1, f)), frame(f));
        }
        builder.closeAll();
        assertThat(finals).hasSize(1);
        Emitter e = finals.values().iterator().next();
        assertThat(e.trackIds()).containsExactly(1L, 2L);
        assertThat(e.bursts()).isEqualTo(1);
        assertThat(e.dutyCycle()).isGreaterThan(0.99);
        assertThat(e.classVotes()).containsKeys("psk", "ofdm");
    }

    @Test
    void burstsOnOneBandAreOneEmitterWithBurstsDutyCycleAndPri() {
        // a new track every 10 frames, on for 2 of them, on the same band: 5 bursts of 2 frames
        for (long f = 0; f < 50; f++) {
            List<Track> ts = new ArrayList<>();
            if (f % 10 < 2) ts.add(track(100 + f / 10, "fsk", 0.60, 0.605, 0, 1, f));
            builder.update(ts, frame(f));
        }
        builder.closeAll();
        assertThat(finals).hasSize(1);
        Emitter e = finals.values().iterator().next();
        assertThat(e.bursts()).isEqualTo(5);
        assertThat(e.burstS()).isCloseTo(2 * 0.0524288, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(e.dutyCycle()).isBetween(0.2, 0.25);
        assertThat(e.priS()).isCloseTo(10 * 0.0524288, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(e.hopCount()).isNull();
    }

    @Test
    void dwellsFollowingEachOtherOnAHopSetAreOneHopper() {
        // 4 channels, one track each; each frame holds 4 dwells of 60 rows with a 4-row guard, rotating
        double[] ch = {0.20, 0.30, 0.45, 0.55};
        for (long f = 0; f < 40; f++) {
            List<Track> ts = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                int c = (int) ((k + f) % 4);
                double y1 = (2 + 64 * k) / 256.0, y2 = (62 + 64 * k) / 256.0;
                ts.add(track(10 + c, "hopper", ch[c], ch[c] + 0.004, y1, y2, f));
            }
            ts.sort(java.util.Comparator.comparingLong(Track::trackId));
            builder.update(ts, frame(f));
        }
        builder.closeAll();
        assertThat(finals).as("one hopper: " + finals.values()).hasSize(1);
        Emitter e = finals.values().iterator().next();
        assertThat(e.hopCount()).isEqualTo(160);
        assertThat(e.channelsHz()).hasSize(4);
        assertThat(e.dwellS()).isCloseTo(60 * 2048 / FS, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(e.hopRateHz()).isBetween(70.0, 80.0);
        assertThat(e.hopSpanHz()).isCloseTo((0.554 - 0.20) * FS, org.assertj.core.data.Offset.offset(10.0));
        assertThat(e.classFamily()).isEqualTo(EmitterFamily.FSK);
    }

    @Test
    void twoHoppersOnAirAtOnceStayTwo() {
        for (long f = 0; f < 30; f++) {
            List<Track> ts = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                double y1 = (2 + 64 * k) / 256.0, y2 = (62 + 64 * k) / 256.0;
                int a = (int) ((k + f) % 2), b = (int) ((k + f + 1) % 2);
                ts.add(track(20 + a, "hopper", 0.10 + 0.1 * a, 0.104 + 0.1 * a, y1, y2, f));
                ts.add(track(30 + b, "hopper", 0.60 + 0.1 * b, 0.604 + 0.1 * b, y1, y2, f));
            }
            ts.sort(java.util.Comparator.comparingLong(Track::trackId));
            builder.update(ts, frame(f));
        }
        builder.closeAll();
        assertThat(finals).hasSize(2);
    }

    @Test
    void anUnrelatedClassOnTheBandLaterIsAnotherEmitter() {
        for (long f = 0; f < 10; f++) builder.update(List.of(track(1, "cw", 0.30, 0.302, 0, 1, f)), frame(f));
        for (long f = 20; f < 30; f++) builder.update(List.of(track(2, "qam16", 0.30, 0.302, 0, 1, f)), frame(f));
        for (long f = 40; f < 50; f++) builder.update(List.of(track(3, "am", 0.30, 0.302, 0, 1, f)), frame(f));
        builder.closeAll();
        assertThat(finals).hasSize(2);
        assertThat(finals.values()).anySatisfy(e -> assertThat(e.trackIds()).containsExactly(1L, 3L));
    }

    @Test
    void closesAfterTheConfiguredSilenceAndOpensAfresh() {
        builder = new EmitterBuilder(new EmitterConfig(2, 0.2, 1, 0.5, 3, 0.3, 0.25, 1.5, 2, 2, 0.15), "t", published::add, false);
        for (long f = 0; f < 10; f++) builder.update(List.of(track(1, "cw", 0.30, 0.302, 0, 1, f)), frame(f));
        assertThat(published).isNotEmpty().allSatisfy(e -> assertThat(e.state()).isEqualTo(EmitterState.ACTIVE));
        for (long f = 10; f < 60; f++) builder.update(List.of(), frame(f));
        assertThat(published.getLast().state()).isEqualTo(EmitterState.CLOSED);
        assertThat(builder.activeCount()).isZero();
        builder.update(List.of(track(2, "cw", 0.30, 0.302, 0, 1, 60)), frame(60));
        assertThat(builder.activeCount()).isEqualTo(1);
        assertThat(builder.emitterOf(2)).isNotEqualTo(published.getLast().emitterId());
    }

    @Test
    void driftingCarrierReportsItsSlope() {
        // 100 kHz/s: 5.24 kHz per frame
        for (long f = 0; f < 60; f++) {
            double x = 0.30 + 100e3 * f * 0.0524288 / FS;
            builder.update(List.of(track(1, "cw", x, x + 0.001, 0, 1, f)), frame(f));
        }
        builder.closeAll();
        Emitter e = finals.values().iterator().next();
        assertThat(e.driftHzPerS()).isCloseTo(100e3, org.assertj.core.data.Offset.offset(2e3));
        assertThat(e.motionMode()).isEqualTo(MotionMode.DRIFTING);
    }

    @Test
    void configErrorsNameFileAndKey() {
        assertThatThrownBy(() -> G20Config.parseYaml("emitters.yaml", "close_after_s: -1\n", EmitterConfig::from))
                .isInstanceOf(ConfigException.class).hasMessage("emitters.yaml: key 'close_after_s' must be > 0, got -1.0");
        assertThatThrownBy(() -> G20Config.parseYaml("emitters.yaml", "close_after: 3\n", EmitterConfig::from))
                .isInstanceOf(ConfigException.class).hasMessage("emitters.yaml: unknown key 'close_after'");
        assertThat(G20Config.parseYaml("emitters.yaml", "close_after_s: 60\n", EmitterConfig::from).closeAfterS()).isEqualTo(60);
    }
}
