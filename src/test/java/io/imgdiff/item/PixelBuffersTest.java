package io.imgdiff.item;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixelBuffersTest {

    @Test
    void outsideAScopeEveryArrayIsNewAndZeroed() {
        byte[] a = PixelBuffers.take(300);
        a[7] = 42;
        byte[] b = PixelBuffers.take(300);
        assertNotSame(a, b);
        assertEquals(0, b[7]);
    }

    @Test
    void anArrayTakenInAScopeIsReusedByTheNextScopeOnlyAfterClose() {
        byte[] first;
        try (PixelBuffers.Scope s = PixelBuffers.scope()) {
            first = PixelBuffers.take(1234);
            byte[] second = PixelBuffers.take(1234);
            assertNotSame(first, second, "two arrays in use at once are never the same");
        }
        try (PixelBuffers.Scope s = PixelBuffers.scope()) {
            byte[] again = PixelBuffers.take(1234);
            byte[] other = PixelBuffers.take(1234);
            assertTrue(again == first || other == first, "a given-back array is taken again");
            assertNotSame(again, other);
            assertNotSame(first, PixelBuffers.take(1235), "only an exact length fits");
        }
    }

    @Test
    void anInnerScopeGivesBackOnlyWhatItTook() {
        try (PixelBuffers.Scope outer = PixelBuffers.scope()) {
            byte[] kept = PixelBuffers.take(999);
            byte[] inner;
            try (PixelBuffers.Scope in = PixelBuffers.scope()) {
                inner = PixelBuffers.take(999);
            }
            byte[] next = PixelBuffers.take(999);
            assertSame(inner, next, "the inner scope's array is free again");
            assertNotSame(kept, next, "the outer scope's array is still in use");
        }
    }

    @Test
    void aThreadKeepsABoundedNumberOfArraysAndNoHugeOnes() {
        try (PixelBuffers.Scope s = PixelBuffers.scope()) {
            for (int i = 0; i < PixelBuffers.KEEP + 5; i++) {
                PixelBuffers.take(100 + i);
            }
        }
        assertEquals(PixelBuffers.KEEP, PixelBuffers.kept());
        byte[] huge;
        try (PixelBuffers.Scope s = PixelBuffers.scope()) {
            huge = PixelBuffers.take((int) PixelBuffers.KEEP_BYTES + 1);
        }
        try (PixelBuffers.Scope s = PixelBuffers.scope()) {
            assertNotSame(huge, PixelBuffers.take((int) PixelBuffers.KEEP_BYTES + 1));
        }
    }

    @Test
    void anotherThreadNeverGetsThisThreadsArrays() throws InterruptedException {
        byte[] mine;
        try (PixelBuffers.Scope s = PixelBuffers.scope()) {
            mine = PixelBuffers.take(4321);
        }
        AtomicReference<byte[]> theirs = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (PixelBuffers.Scope s = PixelBuffers.scope()) {
                theirs.set(PixelBuffers.take(4321));
            }
        });
        t.start();
        t.join();
        assertNotSame(mine, theirs.get());
    }
}
