package dev.g20.util;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorsTest {
    @Test
    void oneLineTakesTheFirstLineOrTheClassName() {
        assertThat(Errors.oneLine(new IllegalStateException("first\nsecond"))).isEqualTo("first");
        assertThat(Errors.oneLine(new IllegalStateException())).isEqualTo("IllegalStateException");
        assertThat(Errors.rootCause(new RuntimeException("outer", new IOException("disk full")))).isEqualTo("disk full");
    }
}
