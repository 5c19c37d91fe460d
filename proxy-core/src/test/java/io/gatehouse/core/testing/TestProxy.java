package io.gatehouse.core.testing;

import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.proxy.ForwardedHeadersHandler;
import io.gatehouse.core.service.LoadBalancedService;

import java.util.Arrays;
import java.util.List;

/**
 * A real proxy for tests: an Undertow server whose handler is a {@link LoadBalancedService} behind a
 * {@link ForwardedHeadersHandler}, as an entry point mounts them.
 */
public final class TestProxy implements AutoCloseable {

    private final LoadBalancedService service;
    private final TestServer server;

    public TestProxy(LoadBalancerConfig lb, ServersTransportConfig transport, ForwardedHeadersConfig forwarded) throws Exception {
        this.service = LoadBalancedService.create("test", lb, transport);
        this.server = TestServer.http(new ForwardedHeadersHandler(forwarded, service));
    }

    /** Round robin over the given server URLs, default transport, no trusted forwarders. */
    public static TestProxy to(String... urls) throws Exception {
        return new TestProxy(LoadBalancerConfig.of(Arrays.stream(urls).map(ServerConfig::of).toList()),
                ServersTransportConfig.DEFAULT, ForwardedHeadersConfig.NONE_TRUSTED);
    }

    public static TestProxy to(List<String> urls, ServersTransportConfig transport) throws Exception {
        return new TestProxy(LoadBalancerConfig.of(urls.stream().map(ServerConfig::of).toList()), transport,
                ForwardedHeadersConfig.NONE_TRUSTED);
    }

    public LoadBalancedService service() {
        return service;
    }

    public int port() {
        return server.port();
    }

    /** http://127.0.0.1:port + path */
    public String url(String path) {
        return server.url() + path;
    }

    @Override
    public void close() {
        server.close();
        service.close();
    }
}
