package io.imgdiff.queue;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void capDoublesPerAttemptUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5);
        assertEquals(1000, b.capMillis(1));
        assertEquals(2000, b.capMillis(2));
        assertEquals(32000, b.capMillis(6));
        assertEquals(60000, b.capMillis(7));
        assertEquals(60000, b.capMillis(200));
    }

    @Test
    void fullJitterScalesTheCap() {
        assertEquals(0, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0).delayMillis(3));
        assertEquals(2000, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5).delayMillis(3));
        long top = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999).delayMillis(3);
        assertTrue(top < 4000 && top >= 3999, "delay " + top);
    }

    @Test
    void rejectsAttemptZeroNamingTheValue() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.capMillis(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
