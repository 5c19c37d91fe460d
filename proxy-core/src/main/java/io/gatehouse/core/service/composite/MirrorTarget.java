package io.gatehouse.core.service.composite;

import io.gatehouse.core.service.LoadBalancedService;
import io.gatehouse.core.service.Server;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where mirrored requests of one mirror go: the servers of a loadBalancer service, round robin over those that are
 * available (weight 0 never). The server URL's scheme, host and port are used; its path is not (as for forwarded
 * requests without preservePath). {@code h2c} servers are sent HTTP/1.1. Copies to https servers are sent with the
 * service's serversTransport TLS settings (rootCAs, certificates, insecureSkipVerify); its serverName is not used:
 * the JDK client names and verifies the server by the URL's host.
 */
final class MirrorTarget {

    private final String name;
    private final Server[] servers;
    private final String[] bases;
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient client;

    MirrorTarget(String name, LoadBalancedService service) {
        this.name = name;
        SSLContext tls = service.transport().sslContext();
        this.client = tls == null ? MirrorClient.CLIENT : MirrorClient.withTls(tls);
        List<Server> usable = service.servers().stream().filter(s -> s.weight() > 0).toList();
        this.servers = usable.toArray(Server[]::new);
        this.bases = new String[servers.length];
        for (int i = 0; i < servers.length; i++) {
            URI uri = URI.create(servers[i].url());
            String scheme = uri.getScheme().equalsIgnoreCase("https") ? "https" : "http";
            bases[i] = scheme + "://" + uri.getRawAuthority();
        }
    }

    String name() {
        return name;
    }

    /** The client copies to this mirror are sent with. */
    HttpClient client() {
        return client;
    }

    /** The scheme and authority of the next available server, or null when none is. */
    String pickBase() {
        int length = servers.length;
        if (length == 0) {
            return null;
        }
        int start = Math.floorMod(next.getAndIncrement(), length);
        for (int i = 0; i < length; i++) {
            int index = (start + i) % length;
            if (servers[index].available()) {
                return bases[index];
            }
        }
        return null;
    }
}
