package dev.g20.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server's bounded hand-off queue: order kept, the oldest of a kind dropped and returned for counting. */
class DropOldestQueueTest {
    /** Frames are "f<n>" with n rows, messages anything else. */
    static DropOldestQueue<String> queue(int frames, int messages) {
        return new DropOldestQueue<>(s -> s.startsWith("f"), frames, messages);
    }

    static List<String> drain(DropOldestQueue<String> q) {
        List<String> out = new ArrayList<>();
        for (String s; (s = q.poll()) != null; ) out.add(s);
        return out;
    }

    @Test
    void keepsTheOrderOfFramesAndMessages() {
        DropOldestQueue<String> q = queue(4, 4);
        for (String s : List.of("f1", "hello", "f2", "tracks", "f3", "config")) assertThat(q.offer(s)).isNull();
        assertThat(q.frames()).isEqualTo(3);
        assertThat(q.messages()).isEqualTo(3);
        assertThat(q.peek()).isEqualTo("f1");
        assertThat(drain(q)).containsExactly("f1", "hello", "f2", "tracks", "f3", "config");
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.frames()).isZero();
        assertThat(q.poll()).isNull();
    }

    @Test
    void dropsTheOldestOfTheOfferedKindOnlyAndCountsEachDrop() {
        DropOldestQueue<String> q = queue(2, 3);
        int framesDropped = 0, messagesDropped = 0;
        for (String s : List.of("m1", "f1", "m2", "f2", "f3", "m3", "m4", "f4", "m5")) {
            String dropped = q.offer(s);
            if (dropped == null) continue;
            if (dropped.startsWith("f")) framesDropped++;
            else messagesDropped++;
        }
        // f1 and f2 made room for f3 and f4; m1 and m2 for m4 and m5
        assertThat(framesDropped).isEqualTo(2);
        assertThat(messagesDropped).isEqualTo(2);
        assertThat(q.frames()).isEqualTo(2);
        assertThat(q.messages()).isEqualTo(3);
        assertThat(drain(q)).containsExactly("f3", "m3", "m4", "f4", "m5");
    }

    @Test
    void returnsExactlyTheItemItDropped() {
        DropOldestQueue<String> q = queue(1, 1);
        assertThat(q.offer("f1")).isNull();
        assertThat(q.offer("m1")).isNull();
        assertThat(q.offer("f2")).isEqualTo("f1");
        assertThat(q.offer("m2")).isEqualTo("m1");
        assertThat(drain(q)).containsExactly("f2", "m2");
    }

    @Test
    void skippingAheadDropsEveryFrameAndKeepsTheMessagesInOrder() {
        DropOldestQueue<String> q = queue(8, 8);
        for (String s : List.of("f3", "m1", "f5", "m2", "f7")) q.offer(s);
        long rows = q.dropFrames(s -> Long.parseLong(s.substring(1)));
        assertThat(rows).isEqualTo(3 + 5 + 7);
        assertThat(q.frames()).isZero();
        q.offer("f9");
        assertThat(drain(q)).containsExactly("m1", "m2", "f9");
        assertThat(q.dropFrames(s -> 1)).isZero();
    }

    @Test
    void clearEmptiesBothKinds() {
        DropOldestQueue<String> q = queue(2, 2);
        q.offer("f1");
        q.offer("m1");
        q.clear();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.frames()).isZero();
        assertThat(q.messages()).isZero();
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> queue(0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 frames");
        assertThatThrownBy(() -> queue(1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 messages");
    }
}
