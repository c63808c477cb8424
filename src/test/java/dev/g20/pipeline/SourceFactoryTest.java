package dev.g20.pipeline;

import dev.g20.source.IqSource;
import dev.g20.source.SourceException;
import dev.g20.source.SourceInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceFactoryTest {

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
        SourceFactory f = new SourceFactory(name -> {
            asked.add(name);
            return dummy(name);
        });
        SourceFactory.Opened def = f.open(null, null, null, null);
        assertThat(def.live()).isFalse();
        assertThat(def.source().info().description()).isEqualTo("synthetic:mixed");
        f.open("synthetic:bursts", null, null, null);
        assertThat(asked).containsExactly("mixed", "bursts");
        assertThatThrownBy(() -> f.open("synthetic:", null, null, null)).isInstanceOf(SourceException.class)
                .hasMessage("synthetic:: name a scene, e.g. synthetic:mixed");
    }

    @Test
    void withoutTheGeneratorTheDefaultSaysSo() {
        assertThatThrownBy(() -> SourceFactory.withoutSynthetic().open(null, null, null, null))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("synthetic scene 'mixed' is not available in this build");
    }

    @Test
    void otherSchemesAndMissingFilesAreOneLineErrors() {
        SourceFactory f = SourceFactory.withoutSynthetic();
        assertThatThrownBy(() -> f.open("http://x/y", null, null, null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("unknown source kind");
        assertThatThrownBy(() -> f.open("/nonexistent/rec.cf32", null, 1e6, null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("/nonexistent/rec.cf32");
        assertThatThrownBy(() -> f.open("rtl_tcp://127.0.0.1:1?bogus=1", null, null, null)).isInstanceOf(SourceException.class)
                .hasMessageContaining("unknown parameter 'bogus'");
    }
}
