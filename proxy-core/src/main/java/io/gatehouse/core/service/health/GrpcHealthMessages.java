package io.gatehouse.core.service.health;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The few bytes of the gRPC health protocol, by hand: a length-prefixed {@code HealthCheckRequest} to send and a
 * length-prefixed {@code HealthCheckResponse} to read. Reading trusts nothing: every length is checked against
 * what is there, and anything else than one well-formed message is {@link Malformed}.
 */
final class GrpcHealthMessages {

    /** HealthCheckResponse.ServingStatus. */
    static final int UNKNOWN = 0;
    static final int SERVING = 1;
    static final int NOT_SERVING = 2;
    static final int SERVICE_UNKNOWN = 3;

    /** The gRPC message prefix: 1 byte compressed flag, 4 bytes big-endian length. */
    private static final int PREFIX = 5;

    /** Why a response is not a HealthCheckResponse. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private GrpcHealthMessages() {
    }

    /** A length-prefixed, uncompressed HealthCheckRequest for {@code service} ("" for the whole server). */
    static byte[] request(String service) {
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        // field 1 (service), wire type 2: left out when empty, as protobuf leaves out default values
        int messageLength = name.length == 0 ? 0 : 1 + varintSize(name.length) + name.length;
        ByteBuffer out = ByteBuffer.allocate(PREFIX + messageLength);
        out.put((byte) 0).putInt(messageLength);
        if (name.length > 0) {
            out.put((byte) 0x0a);
            putVarint(out, name.length);
            out.put(name);
        }
        return out.array();
    }

    /**
     * The status of the one HealthCheckResponse in {@code body} (a whole response body): UNKNOWN when the message
     * leaves it out, as protobuf's default. Unknown fields are skipped.
     */
    static int status(ByteBuffer body) throws Malformed {
        if (body.remaining() < PREFIX) {
            throw new Malformed(body.remaining() == 0 ? "no HealthCheckResponse in the body"
                    : "a truncated message prefix of " + body.remaining() + " bytes");
        }
        int flag = body.get() & 0xff;
        if (flag == 1) {
            throw new Malformed("a compressed message, though the check offers no compression");
        } else if (flag != 0) {
            throw new Malformed("a message prefix with compressed flag " + flag + ", expected 0");
        }
        long length = body.getInt() & 0xffffffffL;
        if (length != body.remaining()) {
            throw new Malformed("a message prefix announcing " + length + " bytes where " + body.remaining()
                    + " follow" + (length < body.remaining() ? " (one message expected)" : ""));
        }
        int status = UNKNOWN;
        while (body.hasRemaining()) {
            long tag = varint(body, "a field tag");
            long field = tag >>> 3;
            int wireType = (int) (tag & 7);
            if (field == 0 || field > 0x1fffffff) {
                throw new Malformed("an invalid field number " + field);
            }
            if (field == 1) {
                if (wireType != 0) {
                    throw new Malformed("field 1 (status) with wire type " + wireType + ", expected 0 (varint)");
                }
                long value = varint(body, "field 1 (status)");
                status = (int) value; // an enum is an int32: its varint's low 32 bits
            } else {
                skip(body, field, wireType);
            }
        }
        return status;
    }

    /** SERVING, NOT_SERVING, ... or the number of a status the protocol does not define. */
    static String statusName(int status) {
        return switch (status) {
            case UNKNOWN -> "UNKNOWN";
            case SERVING -> "SERVING";
            case NOT_SERVING -> "NOT_SERVING";
            case SERVICE_UNKNOWN -> "SERVICE_UNKNOWN";
            default -> "status " + status + " (not a ServingStatus)";
        };
    }

    private static void skip(ByteBuffer body, long field, int wireType) throws Malformed {
        switch (wireType) {
            case 0 -> varint(body, "field " + field);
            case 1 -> advance(body, 8, field);
            case 2 -> {
                long length = varint(body, "the length of field " + field);
                if (length > body.remaining()) {
                    throw new Malformed("field " + field + " announcing " + length + " bytes where "
                            + body.remaining() + " are left");
                }
                advance(body, (int) length, field);
            }
            case 5 -> advance(body, 4, field);
            default -> throw new Malformed("field " + field + " with wire type " + wireType
                    + ", expected 0, 1, 2 or 5");
        }
    }

    private static void advance(ByteBuffer body, int bytes, long field) throws Malformed {
        if (bytes > body.remaining()) {
            throw new Malformed("field " + field + " truncated");
        }
        body.position(body.position() + bytes);
    }

    /** A base-128 varint of at most 10 bytes, as protobuf encodes 64-bit values. */
    private static long varint(ByteBuffer body, String what) throws Malformed {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (!body.hasRemaining()) {
                throw new Malformed(what + " truncated");
            }
            int b = body.get() & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new Malformed(what + " is a varint longer than 10 bytes");
    }

    private static int varintSize(int value) {
        int size = 1;
        while ((value & ~0x7f) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static void putVarint(ByteBuffer out, int value) {
        while ((value & ~0x7f) != 0) {
            out.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }
}
