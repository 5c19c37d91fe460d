package io.gatehouse.core.proxy;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.tls.ClientTls;
import io.undertow.UndertowOptions;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.UndertowClient;
import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.ssl.XnioSsl;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated serversTransport: TLS context, timeouts and pool sizing, built once per service.
 */
public final class BackendTransport {

    private static final UndertowClient CLIENT = UndertowClient.getInstance(BackendTransport.class.getClassLoader());

    private final XnioSsl ssl;
    private final SSLContext sslContext;
    private final String serverName;
    private final boolean http2;
    private final long dialTimeoutMillis;
    private final long responseHeaderTimeoutMillis;
    private final PoolSizing sizing;

    private BackendTransport(SSLContext sslContext, String serverName, boolean http2, long dialTimeoutMillis,
                             long responseHeaderTimeoutMillis, PoolSizing sizing) {
        this.ssl = sslContext == null ? null : new UndertowXnioSsl(Xnio.getInstance(), OptionMap.EMPTY, sslContext);
        this.sslContext = sslContext;
        this.serverName = serverName;
        this.http2 = http2;
        this.dialTimeoutMillis = dialTimeoutMillis;
        this.responseHeaderTimeoutMillis = responseHeaderTimeoutMillis;
        this.sizing = sizing;
    }

    /**
     * Validates {@code config}; problems are added to {@code errors} with paths under {@code path}
     * (e.g. {@code http.serversTransports.default}) and null is returned.
     *
     * @param tls whether some server is reached over https (the TLS settings are only loaded then)
     */
    public static BackendTransport create(ServersTransportConfig config, String path, boolean tls, List<ConfigError> errors) {
        int before = errors.size();
        ForwardingTimeouts timeouts = config.forwardingTimeouts();
        long dial = millis(timeouts.dialTimeout(), path + ".forwardingTimeouts.dialTimeout", errors);
        long responseHeader = millis(timeouts.responseHeaderTimeout(), path + ".forwardingTimeouts.responseHeaderTimeout", errors);
        long idle = millis(timeouts.idleConnTimeout(), path + ".forwardingTimeouts.idleConnTimeout", errors);
        if (config.maxIdleConnsPerHost() < 0) {
            errors.add(new ConfigError(path + ".maxIdleConnsPerHost", String.valueOf(config.maxIdleConnsPerHost()),
                    "must be 0 or more"));
        }
        String serverName = config.serverName();
        if (serverName != null && (serverName.isBlank() || serverName.chars().anyMatch(c -> c <= ' ' || c >= 0x7f))) {
            errors.add(new ConfigError(path + ".serverName", serverName, "must be a host name without spaces"));
        }
        SSLContext context = tls ? clientContext(config, path, errors) : null;
        if (errors.size() > before) {
            return null;
        }
        return new BackendTransport(context, serverName == null || serverName.isEmpty() ? null : serverName,
                !config.disableHTTP2(), dial, responseHeader, PoolSizing.of(config.maxIdleConnsPerHost(), idle));
    }

    private static long millis(Duration duration, String path, List<ConfigError> errors) {
        if (duration.isNegative()) {
            errors.add(new ConfigError(path, duration.toString(), "must not be negative (0 means no limit)"));
            return 0;
        }
        if (duration.isZero()) {
            return 0;
        }
        try {
            // a positive duration under a millisecond is still a limit: 1 ms, never 0 ("no limit")
            return Math.max(1, duration.toMillis());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Opens one HTTP/1.1 connection (HTTP/2 for h2c-prior) to {@code target} for a health check, with this
     * transport's TLS settings (trusted CAs, client certificates, serverName) and dial timeout. Not pooled:
     * the caller closes it. Callbacks run on {@code ioThread}.
     *
     * @param target http, https or h2c-prior, host and explicit port
     */
    public void connectForCheck(URI target, XnioIoThread ioThread, ByteBufferPool buffers,
                                ClientCallback<ClientConnection> callback) {
        connectForCheck(target, false, ioThread, buffers, callback);
    }

    /**
     * As {@link #connectForCheck(URI, XnioIoThread, ByteBufferPool, ClientCallback)}; with {@code http2}, an https
     * target offers h2 over ALPN (whatever disableHTTP2 says: gRPC checks need HTTP/2) and the server may still
     * pick HTTP/1.1, which the caller sees as a connection without multiplexing.
     */
    public void connectForCheck(URI target, boolean http2, XnioIoThread ioThread, ByteBufferPool buffers,
                                ClientCallback<ClientConnection> callback) {
        if ("https".equals(target.getScheme()) && ssl == null) {
            callback.failed(new java.io.IOException("no TLS settings for " + target));
            return;
        }
        OptionMap.Builder options = OptionMap.builder()
                .set(BackendClientProvider.TARGET, target)
                .set(BackendClientProvider.DIAL_TIMEOUT_MILLIS, dialTimeoutMillis)
                .set(Options.TCP_NODELAY, true)
                .set(UndertowOptions.ENABLE_HTTP2, http2 && "https".equals(target.getScheme()));
        if (serverName != null) {
            options.set(UndertowOptions.SSL_SNI_HOSTNAME, serverName);
            options.set(Options.SSL_PEER_HOST_NAME, serverName);
        }
        URI uri = URI.create(BackendClientProvider.SCHEME + "://" + target.getRawAuthority());
        CLIENT.connect(callback, null, uri, ioThread, "https".equals(target.getScheme()) ? ssl : null, buffers,
                options.getMap());
    }

    /**
     * The TLS settings (trusted CAs, client certificates, insecureSkipVerify) for clients other than the
     * proxy's own, such as mirroring's; null when no server of the service is reached over https.
     */
    public SSLContext sslContext() {
        return sslContext;
    }

    XnioSsl ssl() {
        return ssl;
    }

    /** forwardingTimeouts.responseHeaderTimeout in milliseconds; 0 for none. */
    public long responseHeaderTimeoutMillis() {
        return responseHeaderTimeoutMillis;
    }

    PoolSizing sizing() {
        return sizing;
    }

    /**
     * The options of one server's pool. HTTP/2 is only offered over TLS (ALPN): on plain http Undertow's client
     * would otherwise try an h2c upgrade, which Traefik never does (h2c is the server URL scheme h2c://).
     * {@code http2} is false for the pool that carries protocol upgrades.
     */
    OptionMap options(URI target, ConnectionTracker tracker, boolean http2) {
        http2 &= "https".equals(target.getScheme());
        OptionMap.Builder options = OptionMap.builder()
                .set(BackendClientProvider.TARGET, target)
                .set(BackendClientProvider.TRACKER, tracker)
                .set(BackendClientProvider.DIAL_TIMEOUT_MILLIS, dialTimeoutMillis)
                .set(Options.TCP_NODELAY, true)
                .set(UndertowOptions.ENABLE_HTTP2, http2 && this.http2);
        if (serverName != null) {
            // SNI and the name the certificate is verified against (HTTPS endpoint identification, set by
            // Undertow's client): serverName only, never the URL's host, as Go's tls.Config.ServerName does
            options.set(UndertowOptions.SSL_SNI_HOSTNAME, serverName);
            options.set(Options.SSL_PEER_HOST_NAME, serverName);
        }
        return options.getMap();
    }

    boolean http2() {
        return http2;
    }

    /** The serversTransport's TLS: rootCAs (only these, as Traefik), client certificates, insecureSkipVerify. */
    private static SSLContext clientContext(ServersTransportConfig config, String path, List<ConfigError> errors) {
        List<ClientTls.Trusted> cas = new ArrayList<>();
        for (int i = 0; i < config.rootCAs().size(); i++) {
            cas.add(new ClientTls.Trusted(config.rootCAs().get(i), path + ".rootCAs[" + i + "]"));
        }
        List<ClientTls.Identity> identities = new ArrayList<>();
        for (int i = 0; i < config.certificates().size(); i++) {
            CertificateFiles pair = config.certificates().get(i);
            String at = path + ".certificates[" + i + "]";
            if (pair == null) {
                errors.add(new ConfigError(at, null, "must have certFile and keyFile"));
                continue;
            }
            identities.add(new ClientTls.Identity(pair.certFile(), at + ".certFile", pair.keyFile(), at + ".keyFile"));
        }
        return ClientTls.context(config.insecureSkipVerify(), cas, identities, path, errors);
    }
}
