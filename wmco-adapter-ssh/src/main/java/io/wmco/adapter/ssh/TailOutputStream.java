package io.wmco.adapter.ssh;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the last {@code capacity} bytes written (a ring buffer). Thread-safe. */
final class TailOutputStream extends OutputStream {
    private final byte[] ring;
    private long written;

    TailOutputStream(int capacity) {
        this.ring = new byte[capacity];
    }

    @Override
    public synchronized void write(int b) {
        ring[(int) (written++ % ring.length)] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (len >= ring.length) {
            off += len - ring.length;
            written += len - ring.length;
            len = ring.length;
        }
        for (int i = 0; i < len; i++) {
            ring[(int) (written++ % ring.length)] = b[off + i];
        }
    }

    /** The kept tail, prefixed with {@code ...} when earlier bytes were dropped. */
    synchronized String text() {
        if (written <= ring.length) {
            return new String(ring, 0, (int) written, StandardCharsets.UTF_8);
        }
        int start = (int) (written % ring.length);
        byte[] out = new byte[ring.length];
        System.arraycopy(ring, start, out, 0, ring.length - start);
        System.arraycopy(ring, 0, out, ring.length - start, start);
        return "..." + new String(out, StandardCharsets.UTF_8);
    }
}
