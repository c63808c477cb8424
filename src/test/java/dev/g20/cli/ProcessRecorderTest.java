package dev.g20.cli;

import dev.g20.track.MotionMode;
import dev.g20.track.TrackState;

import dev.g20.detect.Box;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.track.Track;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessRecorderTest {
    static final int ROWS = 4, BINS = 8, HOP = 512;

    static SpectrogramFrame frame(long id) {
        return new SpectrogramFrame(id, 0, "0123456789abcdef", 915e6, 1e6, id * ROWS * HOP, HOP, ROWS, BINS,
                new float[0], new byte[0], new byte[0]);
    }

    static Track track(long id, int classId, String cls, TrackState state, long frameId, double y1, double y2) {
        Box b = new Box(0.40, y1, 0.42, y2);
        return new Track(id, classId, cls, b, b, 0.8, state, 1, 1, MotionMode.STATIONARY, 0, 0, 915.1e6, 20e3, 0, frameId);
    }

    @Test
    void theDrawnLabelIsTheTracksFinalClassNotTheOneItStartedWith() {
        ProcessRecorder r = new ProcessRecorder(true, null);
        // the class vote says fm for two frames, then cw for good; a gap at frame 2 starts a second box
        r.onTracks(frame(0), List.of(track(7, 2, "fm", TrackState.TENTATIVE, 0, 0.0, 1.0)));
        r.onTracks(frame(1), List.of(track(7, 2, "fm", TrackState.CONFIRMED, 1, 0.0, 0.5)));
        r.onTracks(frame(3), List.of(track(7, 0, "cw", TrackState.CONFIRMED, 3, 0.2, 1.0)));

        List<ProcessRecorder.Segment> boxes = r.confirmedBoxes();
        assertThat(boxes).hasSize(2);
        assertThat(boxes).extracting(ProcessRecorder.Segment::classId).containsOnly(0);
        assertThat(boxes.get(0).label()).isEqualTo("cw #7");
        assertThat(boxes.get(1).label()).isEmpty();
        // frames 0 and 1 meet at the boundary and are one box from sample 0 to the middle of frame 1
        assertThat(boxes.get(0).startSample()).isZero();
        assertThat(boxes.get(0).endSample()).isEqualTo(ROWS * HOP * 1.5);
        assertThat(r.confirmedTracks()).extracting(Track::className).containsExactly("cw");
    }
}
