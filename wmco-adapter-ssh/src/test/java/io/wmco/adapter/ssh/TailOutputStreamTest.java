package io.wmco.adapter.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TailOutputStreamTest {

    @Test
    void keepsEverythingBelowCapacity() {
        TailOutputStream tail = new TailOutputStream(8);
        tail.write("abc".getBytes(StandardCharsets.UTF_8), 0, 3);
        tail.write('d');
        assertEquals("abcd", tail.text());
    }

    @Test
    void keepsOnlyTheLastBytesAcrossSmallAndLargeWrites() {
        TailOutputStream tail = new TailOutputStream(8);
        tail.write("0123456".getBytes(StandardCharsets.UTF_8), 0, 7);
        tail.write("789ab".getBytes(StandardCharsets.UTF_8), 0, 5);
        assertEquals("...456789ab", tail.text());
        byte[] big = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(StandardCharsets.UTF_8);
        tail.write(big, 2, 20);
        assertEquals("...OPQRSTUV", tail.text());
    }
}
