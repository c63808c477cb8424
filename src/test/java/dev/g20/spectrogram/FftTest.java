package dev.g20.spectrogram;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FftTest {

    /** Every size from 2 to 4096 against a direct DFT in double precision. */
    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096})
    void matchesDirectDft(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        float[] re = new float[n], im = new float[n];
        for (int i = 0; i < n; i++) {
            re[i] = (float) (rnd.nextDouble() * 2 - 1);
            im[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        double[][] want = dft(re, im);
        new Fft(n).transform(re, im);
        double maxErr = 0, maxMag = 0;
        for (int k = 0; k < n; k++) {
            maxErr = Math.max(maxErr, Math.hypot(re[k] - want[0][k], im[k] - want[1][k]));
            maxMag = Math.max(maxMag, Math.hypot(want[0][k], want[1][k]));
        }
        assertThat(maxErr / maxMag).as("relative error, n=%d", n).isLessThan(2e-6);
    }

    @Test
    void largeSizeKeepsToneInItsBinAndEnergy() {
        int n = 1 << 16;
        float[] re = new float[n], im = new float[n];
        int bin = 12345;
        for (int i = 0; i < n; i++) {
            double a = 2 * Math.PI * ((long) bin * i % n) / n;
            re[i] = (float) Math.cos(a);
            im[i] = (float) Math.sin(a);
        }
        new Fft(n).transform(re, im);
        assertThat(re[bin]).isCloseTo(n, org.assertj.core.data.Offset.offset(n * 1e-5f));
        double leak = 0;
        for (int k = 0; k < n; k++) if (k != bin) leak += (double) re[k] * re[k] + (double) im[k] * im[k];
        assertThat(leak / ((double) n * n)).isLessThan(1e-9);
    }

    @Test
    void reusableAndDeterministic() {
        Fft fft = new Fft(4096);
        SplittableRandom rnd = new SplittableRandom(7);
        float[] re = new float[4096], im = new float[4096];
        for (int i = 0; i < 4096; i++) re[i] = (float) rnd.nextDouble();
        float[] r2 = re.clone(), i2 = im.clone();
        fft.transform(re, im);
        fft.transform(r2, i2);
        assertThat(r2).containsExactly(re);
        assertThat(i2).containsExactly(im);
    }

    @Test
    void rejectsNonPowerOfTwo() {
        assertThatThrownBy(() -> new Fft(1000)).hasMessageContaining("power of two");
    }

    private static double[][] dft(float[] re, float[] im) {
        int n = re.length;
        double[][] out = new double[2][n];
        for (int k = 0; k < n; k++) {
            double sr = 0, si = 0;
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * ((long) j * k % n) / n;
                double c = Math.cos(a), s = Math.sin(a);
                sr += re[j] * c - im[j] * s;
                si += re[j] * s + im[j] * c;
            }
            out[0][k] = sr;
            out[1][k] = si;
        }
        return out;
    }
}
