package io.gatehouse.core.tls;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import static org.assertj.core.api.Assertions.assertThat;

class ClientHelloSniTest {

    /** The first record a real JSSE client sends, with {@code sni} (null: none). */
    private static ByteBuffer clientHello(String sni) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine("peer", 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        return out;
    }

    @Test
    void readsTheServerNameOfARealClientHello() throws Exception {
        ByteBuffer hello = clientHello("Api.Example.com");
        assertThat(ClientHelloSni.isTlsStart(hello.get(0))).isTrue();
        int length = ClientHelloSni.recordLength(hello, 0);
        assertThat(length).isEqualTo(hello.remaining());
        assertThat(ClientHelloSni.serverName(hello, 0, length)).isEqualTo("api.example.com");
    }

    @Test
    void aClientHelloWithoutSniGivesNull() throws Exception {
        ByteBuffer hello = clientHello(null);
        assertThat(ClientHelloSni.serverName(hello, 0, hello.remaining())).isNull();
    }

    @Test
    void everyTruncationGivesNullNeverAnException() throws Exception {
        ByteBuffer hello = clientHello("a.example.com");
        for (int end = 0; end < hello.remaining(); end++) {
            String name = ClientHelloSni.serverName(hello, 0, end);
            assertThat(name == null || "a.example.com".startsWith(name)).as("cut at %d", end).isTrue();
        }
    }

    @Test
    void garbageAndHostileLengthsGiveNull() throws Exception {
        assertThat(ClientHelloSni.isTlsStart((byte) 'G')).isFalse();
        assertThat(ClientHelloSni.serverName(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes()), 0, 18)).isNull();
        Random random = new Random(7);
        ByteBuffer hello = clientHello("a.example.com");
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[hello.remaining()];
            hello.duplicate().get(bytes);
            for (int flips = 0; flips < 4; flips++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            ClientHelloSni.serverName(ByteBuffer.wrap(bytes), 0, bytes.length); // must not throw
        }
        byte[] huge = {0x16, 3, 1, (byte) 0xff, (byte) 0xff, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThat(ClientHelloSni.serverName(ByteBuffer.wrap(huge), 0, huge.length)).isNull();
    }

    @Test
    void aClientHelloInOneRecordDoesNotSpanRecords() throws Exception {
        ByteBuffer hello = clientHello("a.example.com");
        assertThat(ClientHelloSni.spansRecords(hello, 0, hello.remaining())).isFalse();
        for (int available = 0; available < 9; available++) {
            assertThat(ClientHelloSni.spansRecords(hello, 0, available)).as("%d bytes read", available).isFalse();
        }
    }

    @Test
    void aClientHelloLongerThanItsRecordSpansRecords() throws Exception {
        ByteBuffer hello = clientHello("a.example.com");
        ByteBuffer cut = ByteBuffer.allocate(hello.remaining());
        cut.put(hello.duplicate());
        int shorter = ClientHelloSni.recordLength(hello, 0) - ClientHelloSni.RECORD_HEADER - 10;
        cut.put(3, (byte) (shorter >> 8)).put(4, (byte) shorter); // the record ends 10 bytes before the message
        assertThat(ClientHelloSni.spansRecords(cut, 0, cut.capacity())).isTrue();
        assertThat(ClientHelloSni.spansRecords(cut, 0, 9)).isTrue();
    }

    @Test
    void aRecordThatIsNotAClientHelloNeverSpans() {
        byte[] alert = {0x16, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28, 0x00, 0x00, 0x00};
        assertThat(ClientHelloSni.spansRecords(ByteBuffer.wrap(alert), 0, alert.length)).isFalse();
        assertThat(ClientHelloSni.MAX_RECORD).isEqualTo(5 + 16_384 + 2_048);
    }
}
