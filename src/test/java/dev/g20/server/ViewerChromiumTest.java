package dev.g20.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.g20.pipeline.Pipeline;
import dev.g20.pipeline.PipelineComponents;
import dev.g20.pipeline.PipelineOptions;
import dev.g20.source.Sources;
import dev.g20.testing.TestScenes;
import dev.g20.detect.EnergyDetector;
import dev.g20.track.RFSignalTracker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The visual acceptance test, in a real browser: the web viewer, fed by a running pipeline
 * over a scene with known signals, draws the track boxes over those signals. Checked from the
 * page's state (box positions against the signals' frequencies) and from a screenshot (the box
 * outline colour where the boxes are, the waterfall's bright signal inside them). The screenshot
 * is kept as target/viewer-screenshot.png.
 */
@Timeout(120)
class ViewerChromiumTest {
    static final int WIDTH = 1280, HEIGHT = 800;
    static final int BOX_RGB = 0xff3b30; // class 0 in the viewer's palette

    @TempDir
    Path dir;

    @Test
    void boxesAreDrawnOverTheSignals() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            if (System.getenv("CI") != null) fail("chromium is not installed (CI installs it with apt: see .ci/run)");
            Assumptions.abort("chromium not installed: headless viewer test skipped (set CI=1 to make this a failure)");
        }
        Path scene = TestScenes.write(dir, "viewer-scene", 6.0);
        // played at twice real time: a few seconds of waterfall history in the page
        Pipeline p = new Pipeline(PipelineComponents.of(Sources.openFile(scene, null, null, null), TestScenes.config(),
                (i, sc) -> new EnergyDetector(), RFSignalTracker::new, null),
                PipelineOptions.live(true).withPaced(true, 2 * TestScenes.FS).withStatusInterval(0));
        // 250 display rows per second of signal: a 60 ms burst is 15 rows tall
        try (p; LiveServer server = new LiveServer(ServerOptions.of("127.0.0.1", 0, null).withDisplay(1024, 250), p, p.metrics(), p.sourceInfo(),
                null).start();
             HeadlessChromium browser = new HeadlessChromium(chromium.get(), dir.resolve("profile"), WIDTH, HEIGHT)) {
            p.addListener(server);
            browser.navigate(server.url());
            browser.await("window.g20State && g20State.helloReceived", 30_000);
            p.start();
            assertThat(p.awaitCompletion(60_000)).isTrue();
            browser.await("g20State.ended !== null", 10_000);
            Thread.sleep(500); // a last render

            byte[] png = browser.screenshot();
            Path shot = Path.of("target", "viewer-screenshot.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, png);

            JsonNode st = browser.eval("JSON.parse(JSON.stringify(g20State))");
            assertThat(st.get("configHash").asText()).isEqualTo(TestScenes.spectrogram().hash());
            assertThat(st.get("framesReceived").asInt()).isGreaterThan(100);
            JsonNode plot = st.get("plot");
            double left = plot.get("left").asDouble(), top = plot.get("top").asDouble();
            double width = plot.get("width").asDouble(), height = plot.get("height").asDouble();
            assertThat(width).isGreaterThan(600);

            List<JsonNode> confirmed = new ArrayList<>();
            for (JsonNode b : st.get("tracksDrawn")) {
                double x1 = b.get("x1").asDouble(), x2 = b.get("x2").asDouble();
                assertThat(x1).isBetween(left - 1, left + width + 1);
                assertThat(x2).isBetween(x1, left + width + 1);
                if (b.get("state").asText().equals("confirmed")) confirmed.add(b);
            }
            assertThat(confirmed).as("confirmed boxes drawn").hasSizeGreaterThan(20);

            // every signal has boxes centred on its frequency (within a bin or two of the canvas scale)
            double tolerance = Math.max(6, 0.008 * width);
            for (int k = 0; k < TestScenes.OFFSETS.length; k++) {
                double expectedX = browser.eval("g20State.xOfFreq(" + (TestScenes.FC + TestScenes.OFFSETS[k]) + ")").asDouble();
                long near = confirmed.stream().filter(b -> Math.abs((b.get("x1").asDouble() + b.get("x2").asDouble()) / 2 - expectedX) <= tolerance).count();
                assertThat(near).as("boxes over signal %d at x=%.1f", k, expectedX).isGreaterThan(5);
            }
            // and no box where there is no signal
            for (JsonNode b : confirmed) {
                double cx = (b.get("x1").asDouble() + b.get("x2").asDouble()) / 2;
                boolean onSignal = false;
                for (int k = 0; k < TestScenes.OFFSETS.length; k++) {
                    double x = browser.eval("g20State.xOfFreq(" + (TestScenes.FC + TestScenes.OFFSETS[k]) + ")").asDouble();
                    if (Math.abs(cx - x) <= tolerance) onSignal = true;
                }
                assertThat(onSignal).as("box at x=%.1f is on a signal", cx).isTrue();
            }

            // the screenshot shows them: outline colour on the boxes' left edges, bright waterfall inside
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(img.getWidth()).isEqualTo(WIDTH);
            int edgesChecked = 0, edgesOk = 0, insideBright = 0;
            for (JsonNode b : confirmed) {
                double y1 = b.get("y1").asDouble(), y2 = b.get("y2").asDouble();
                // boxes 8 px and taller have 2 px solid outlines; skip those under the labels at the top
                if (y2 - y1 < 8 || y1 < top + 20 || y2 > top + height) continue;
                int y = (int) Math.round((y1 + y2) / 2);
                int x = (int) Math.round(b.get("x1").asDouble());
                edgesChecked++;
                if (near(img, x - 1, y, BOX_RGB) || near(img, x, y, BOX_RGB) || near(img, x + 1, y, BOX_RGB)) edgesOk++;
                int cx = (int) Math.round((b.get("x1").asDouble() + b.get("x2").asDouble()) / 2);
                assertThat(y).as("box %s inside the %dx%d screenshot, plot %s", b, img.getWidth(), img.getHeight(), plot)
                        .isLessThan(img.getHeight());
                if (luminance(img.getRGB(cx, y)) > 170) insideBright++;
            }
            assertThat(edgesChecked).isGreaterThan(10);
            assertThat(edgesOk).as("box outlines in the screenshot").isGreaterThanOrEqualTo((int) (0.9 * edgesChecked));
            assertThat(insideBright).as("bright signal inside the boxes").isGreaterThanOrEqualTo((int) (0.8 * edgesChecked));
            // away from every signal the waterfall is noise, far darker than the signals
            int quiet = (int) Math.round(left + 0.45 * width);
            int dark = 0, rows = 0;
            for (int y = (int) top + 5; y < top + Math.min(height, 400); y += 7) {
                rows++;
                if (luminance(img.getRGB(quiet, y)) < 140) dark++;
            }
            assertThat(dark).isGreaterThanOrEqualTo((int) (0.9 * rows));
        }
    }

    static boolean near(BufferedImage img, int x, int y, int rgb) {
        if (x < 0 || y < 0 || x >= img.getWidth() || y >= img.getHeight()) return false;
        int c = img.getRGB(x, y);
        int dr = ((c >> 16) & 0xff) - ((rgb >> 16) & 0xff), dg = ((c >> 8) & 0xff) - ((rgb >> 8) & 0xff), db = (c & 0xff) - (rgb & 0xff);
        return dr * dr + dg * dg + db * db < 60 * 60;
    }

    static double luminance(int c) {
        return 0.299 * ((c >> 16) & 0xff) + 0.587 * ((c >> 8) & 0xff) + 0.114 * (c & 0xff);
    }
}
