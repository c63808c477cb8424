package dev.g20.pipeline;

import dev.g20.config.SpectrogramConfig;
import dev.g20.detect.Detector;
import dev.g20.source.SourceInfo;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.StftBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Random;
import java.util.function.Function;

/**
 * Live mode only: runs the spectrogram and detector over a few frames of noise before the source
 * starts, so that their first frames, slow until the JIT has compiled the STFT and ONNX Runtime
 * has sized its buffers, are not the radio's (each one costs dropped IQ blocks).
 */
final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** The most time the warm-up may take. */
    private static final long MAX_NANOS = 5_000_000_000L;

    private WarmUp() {
    }

    /** Runs up to {@code frames} frames of noise in blocks of {@code blockSamples}; returns how many ran. */
    static int run(int frames, int blockSamples, SpectrogramConfig config, SourceInfo source, Detector detector,
                   Function<SpectrogramConfig, StftBackend> stftFactory) {
        long t0 = System.nanoTime();
        int[] done = {0};
        Random noise = new Random(1);
        float[] iq = new float[2 * blockSamples];
        try (CanonicalSpectrogramGenerator g = new CanonicalSpectrogramGenerator(config, source,
                f -> {
                    done[0]++;
                    detector.detect(f);
                }, stftFactory)) {
            while (done[0] < frames && System.nanoTime() - t0 < MAX_NANOS) {
                for (int i = 0; i < iq.length; i++) iq[i] = (float) (1e-3 * noise.nextGaussian());
                g.accept(iq, blockSamples);
            }
        } catch (RuntimeException e) {
            LOG.warn("warm-up skipped: {}", e.toString());
        }
        LOG.info("warm-up: {} frames of noise through the spectrogram and detector in {} ms", done[0], (System.nanoTime() - t0) / 1_000_000);
        return done[0];
    }
}
