package io.gatehouse.core.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the server name (SNI) from the first TLS record of a connection, before any SSLEngine
 * exists, so the entry point can pick the TLS options (versions, ciphers, client auth) for that
 * name. Never throws: anything malformed or fragmented gives null (the default options apply, and
 * the SSLEngine then judges the bytes).
 */
public final class ClientHelloSni {

    /** The record header: content type, version, length. */
    public static final int RECORD_HEADER = 5;
    /** The longest record TLS allows, header included: 2^14 bytes plus 2,048 of expansion (RFC 5246 6.2.3). */
    public static final int MAX_RECORD = RECORD_HEADER + 16_384 + 2_048;
    private static final int HANDSHAKE = 0x16;
    private static final int CLIENT_HELLO = 0x01;
    private static final int SERVER_NAME_EXTENSION = 0x0000;

    private ClientHelloSni() {
    }

    /** Whether a connection that starts with this byte speaks TLS. */
    public static boolean isTlsStart(byte first) {
        return (first & 0xff) == HANDSHAKE;
    }

    /** The length of the first record including its header, from the first five bytes at {@code start}. */
    public static int recordLength(ByteBuffer data, int start) {
        return RECORD_HEADER + (((data.get(start + 3) & 0xff) << 8) | (data.get(start + 4) & 0xff));
    }

    /**
     * Whether the ClientHello whose record starts at {@code start} is longer than that record (it
     * continues in the next ones); {@code available} bytes from {@code start} have been read.
     */
    public static boolean spansRecords(ByteBuffer data, int start, int available) {
        if (available < RECORD_HEADER + 4 || (data.get(start + RECORD_HEADER) & 0xff) != CLIENT_HELLO) {
            return false;
        }
        int message = 4 + (((data.get(start + 6) & 0xff) << 16) | ((data.get(start + 7) & 0xff) << 8)
                | (data.get(start + 8) & 0xff));
        return message > recordLength(data, start) - RECORD_HEADER;
    }

    /** The host name in the ClientHello in {@code data[start, end)}, lower-cased; null when there is none. */
    public static String serverName(ByteBuffer data, int start, int end) {
        try {
            Reader in = new Reader(data, start, end);
            if (in.u8() != HANDSHAKE) {
                return null;
            }
            in.skip(2);
            int recordEnd = Math.min(end, in.position + 2 + in.peekU16());
            in.skip(2);
            in.limit = recordEnd;
            if (in.u8() != CLIENT_HELLO) {
                return null;
            }
            in.skip(3); // handshake length: the record bounds what we read
            in.skip(2 + 32); // client version, random
            in.skip(in.u8()); // session id
            in.skip(in.u16()); // cipher suites
            in.skip(in.u8()); // compression methods
            if (in.remaining() < 2) {
                return null;
            }
            int extensionsEnd = Math.min(in.limit, in.position + 2 + in.peekU16());
            in.skip(2);
            while (in.position + 4 <= extensionsEnd) {
                int type = in.u16();
                int length = in.u16();
                if (type != SERVER_NAME_EXTENSION) {
                    in.skip(length);
                    continue;
                }
                int listEnd = Math.min(extensionsEnd, in.position + 2 + in.peekU16());
                in.skip(2);
                while (in.position + 3 <= listEnd) {
                    int nameType = in.u8();
                    int nameLength = in.u16();
                    if (nameType == 0) {
                        byte[] name = in.bytes(nameLength);
                        return new String(name, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
                    }
                    in.skip(nameLength);
                }
                return null;
            }
            return null;
        } catch (IndexOutOfBoundsException truncated) {
            return null;
        }
    }

    /** Bounds-checked big-endian reads; running past the limit throws IndexOutOfBoundsException. */
    private static final class Reader {
        private final ByteBuffer data;
        int position;
        int limit;

        Reader(ByteBuffer data, int start, int end) {
            this.data = data;
            this.position = start;
            this.limit = end;
        }

        int remaining() {
            return limit - position;
        }

        private void need(int count) {
            if (count < 0 || position + count > limit) {
                throw new IndexOutOfBoundsException();
            }
        }

        int u8() {
            need(1);
            return data.get(position++) & 0xff;
        }

        int peekU16() {
            need(2);
            return ((data.get(position) & 0xff) << 8) | (data.get(position + 1) & 0xff);
        }

        int u16() {
            int value = peekU16();
            position += 2;
            return value;
        }

        void skip(int count) {
            need(count);
            position += count;
        }

        byte[] bytes(int count) {
            need(count);
            byte[] out = new byte[count];
            for (int i = 0; i < count; i++) {
                out[i] = data.get(position + i);
            }
            position += count;
            return out;
        }
    }
}
