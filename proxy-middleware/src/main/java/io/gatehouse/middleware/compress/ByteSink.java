package io.gatehouse.middleware.compress;

import java.io.OutputStream;
import java.util.Arrays;

/** A growable byte buffer that encoders write into and the conduit drains from the front. */
final class ByteSink extends OutputStream {

    private byte[] bytes;
    private int start;
    private int end;

    ByteSink(int initial) {
        bytes = new byte[initial];
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[end++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, end, len);
        end += len;
    }

    int size() {
        return end - start;
    }

    byte[] array() {
        return bytes;
    }

    int start() {
        return start;
    }

    void consumed(int n) {
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    private void ensure(int more) {
        if (end + more <= bytes.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(bytes, start, bytes, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(end + more, bytes.length * 2));
        }
    }
}
