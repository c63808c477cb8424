package dev.g20.pipeline;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A part handed to a stage is taken once, at the right frame, and a superseded one is discarded. */
class SwapTest {

    @Test
    void onlyTheLatestOfferIsTakenAndTheOthersAreDiscarded() {
        List<String> discarded = new ArrayList<>();
        Swap<String> swap = new Swap<>(discarded::add);
        assertThat(swap.take("h")).isNull();
        swap.offer("a");
        swap.offer("b");
        assertThat(discarded).containsExactly("a");
        assertThat(swap.take("h")).isEqualTo("b");
        assertThat(swap.take("h")).isNull();
        assertThat(discarded).containsExactly("a");
    }

    @Test
    void aPartForAHashWaitsForAFrameOfThatHash() {
        Swap<String> swap = Swap.plain();
        swap.offer("detector for new", "new");
        assertThat(swap.take("old")).isNull();
        assertThat(swap.take("new")).isEqualTo("detector for new");
    }

    @Test
    void clearDiscardsWhatIsPending() {
        List<String> discarded = new ArrayList<>();
        Swap<String> swap = new Swap<>(discarded::add);
        swap.offer("x", "never");
        swap.clear();
        assertThat(discarded).containsExactly("x");
        assertThat(swap.take("never")).isNull();
    }
}
