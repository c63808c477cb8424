package dev.g20.wiring;

import dev.g20.source.IqSource;
import dev.g20.source.SourceException;
import dev.g20.source.SourceInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.g20.wiring.SourceRegistry.RawFile.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --source specs: registered schemes, recordings, and one-line errors for anything else. */
class SourceRegistryTest {

    static IqSource dummy(String name) {
        return new IqSource() {
            @Override
            public SourceInfo info() {
                return new SourceInfo(1e6, 0, 0, -1, "synthetic:" + name);
            }

            @Override
            public int read(float[] iq, int maxSamples) {
                return -1;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void syntheticScenesArePluggableAndTheDefault() {
        List<String> asked = new ArrayList<>();
        SourceRegistry f = SourceRegistry.standard(name -> {
            asked.add(name);
            return dummy(name);
        });
        IqSource def = f.open(null, NONE);
        assertThat(def.live()).isFalse();
        assertThat(def.info().description()).isEqualTo("synthetic:mixed");
        f.open("synthetic:bursts", NONE);
        assertThat(asked).containsExactly("mixed", "bursts");
        assertThatThrownBy(() -> f.open("synthetic:", NONE)).isInstanceOf(SourceException.class)
                .hasMessage("synthetic:: name a scene, e.g. synthetic:mixed");
    }

    @Test
    void withoutTheGeneratorTheDefaultSaysSo() {
        assertThatThrownBy(() -> SourceRegistry.withoutSynthetic().open(null, NONE))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("synthetic scene 'mixed' is not available in this build");
    }

    @Test
    void otherSchemesAndMissingFilesAreOneLineErrors() {
        SourceRegistry f = SourceRegistry.withoutSynthetic();
        assertThatThrownBy(() -> f.open("http://x/y", NONE)).isInstanceOf(SourceException.class)
                .hasMessageContaining("unknown source kind");
        assertThatThrownBy(() -> f.open("/nonexistent/rec.cf32", new SourceRegistry.RawFile(null, 1e6, null))).isInstanceOf(SourceException.class)
                .hasMessageContaining("/nonexistent/rec.cf32");
        assertThatThrownBy(() -> f.open("rtl_tcp://127.0.0.1:1?bogus=1", NONE)).isInstanceOf(SourceException.class)
                .hasMessageContaining("unknown parameter 'bogus'");
    }
}
