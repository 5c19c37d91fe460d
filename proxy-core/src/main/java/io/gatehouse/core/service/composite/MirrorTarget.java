package io.gatehouse.core.service.composite;

import io.gatehouse.core.service.LoadBalancedService;
import io.gatehouse.core.service.Server;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where mirrored requests of one mirror go: the servers of a loadBalancer service, round robin over those that are
 * available (weight 0 never). The server URL's scheme, host and port are used; its path is not (as for forwarded
 * requests without preservePath). {@code h2c} servers are sent HTTP/1.1.
 */
final class MirrorTarget {

    private final String name;
    private final Server[] servers;
    private final String[] bases;
    private final AtomicInteger next = new AtomicInteger();

    MirrorTarget(String name, LoadBalancedService service) {
        this.name = name;
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
