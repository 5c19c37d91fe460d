package io.gatehouse.core.service.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-made protobuf of the gRPC health protocol: what is sent, and every way a response can be wrong. */
class GrpcHealthMessagesTest {

    static int status(String hex) throws GrpcHealthMessages.Malformed {
        return GrpcHealthMessages.status(ByteBuffer.wrap(HexFormat.of().parseHex(hex.replace(" ", ""))));
    }

    @Test
    void theRequestForTheWholeServerIsAnEmptyMessage() {
        assertThat(GrpcHealthMessages.request("")).containsExactly(0, 0, 0, 0, 0);
    }

    @Test
    void aNamedServiceIsField1() {
        assertThat(HexFormat.of().formatHex(GrpcHealthMessages.request("api"))).isEqualTo("00000000050a03617069");
        byte[] longName = GrpcHealthMessages.request("x".repeat(200));
        // 203 bytes of message; the name's length 200 needs a two-byte varint: c8 01
        assertThat(HexFormat.of().formatHex(longName, 0, 8)).isEqualTo("00000000cb0ac801");
        assertThat(longName).hasSize(5 + 1 + 2 + 200);
    }

    @ParameterizedTest
    @CsvSource({
            "00 00000002 0801, 1",
            "00 00000002 0802, 2",
            "00 00000002 0803, 3",
            "00 00000002 0800, 0",
            // proto3 leaves a default value out: an empty message is UNKNOWN
            "00 00000000, 0",
            // the last value of a repeated scalar field wins
            "00 00000004 0802 0801, 1",
            // unknown fields of every wire type are skipped
            "00 0000000d 1005 190102030405060708 0801, 1",
            "00 0000000a 2203616263 2d01020304, 0",
            "00 00000007 2203616263 0801, 1",
            // a status beyond the enum is kept as a number
            "00 00000002 0807, 7",
    })
    void wellFormedResponses(String hex, int expected) throws Exception {
        assertThat(status(hex)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "|no HealthCheckResponse in the body",
            "00 0000|a truncated message prefix of 3 bytes",
            "01 00000002 0801|a compressed message",
            "02 00000002 0801|compressed flag 2, expected 0",
            "00 00000003 0801|announcing 3 bytes where 2 follow",
            "00 ffffffff 0801|announcing 4294967295 bytes where 2 follow",
            "00 00000001 0801|announcing 1 bytes where 2 follow (one message expected)",
            "00 00000002 0801 00 00000002 0801|(one message expected)",
            "00 00000001 08|field 1 (status) truncated",
            "00 00000002 0a01|field 1 (status) with wire type 2, expected 0",
            "00 00000001 80|a field tag truncated",
            "00 0000000b 08ffffffffffffffffffff|field 1 (status) is a varint longer than 10 bytes",
            "00 00000002 0001|an invalid field number 0",
            "00 00000003 1a0501|field 3 announcing 5 bytes where 1 are left",
            "00 00000005 1a ffffffff|the length of field 3 truncated",
            "00 00000002 1b01|field 3 with wire type 3, expected 0, 1, 2 or 5",
            "00 00000002 1e01|field 3 with wire type 6",
            "00 00000003 19 0102|field 3 truncated",
            "00 00000003 1d 0102|field 3 truncated",
    })
    void malformedResponsesAreCheckedErrors(String hex, String reason) {
        assertThatThrownBy(() -> status(hex == null ? "" : hex))
                .isInstanceOf(GrpcHealthMessages.Malformed.class)
                .hasMessageContaining(reason);
    }

    @Test
    void statusNames() {
        assertThat(GrpcHealthMessages.statusName(0)).isEqualTo("UNKNOWN");
        assertThat(GrpcHealthMessages.statusName(1)).isEqualTo("SERVING");
        assertThat(GrpcHealthMessages.statusName(2)).isEqualTo("NOT_SERVING");
        assertThat(GrpcHealthMessages.statusName(3)).isEqualTo("SERVICE_UNKNOWN");
        assertThat(GrpcHealthMessages.statusName(-1)).isEqualTo("status -1 (not a ServingStatus)");
    }
}
