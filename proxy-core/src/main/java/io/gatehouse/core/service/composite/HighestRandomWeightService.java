package io.gatehouse.core.service.composite;

import io.gatehouse.core.config.HighestRandomWeightConfig;
import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.service.ServiceHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code http.services.<name>.highestRandomWeight}: rendezvous hashing over child services by the client's IP
 * (the connection's peer address, as Traefik's {@code RemoteAddr}). Each child scores
 * {@code -weight / ln(u)}, {@code u} in (0, 1) a hash of the IP and the child's name; the highest score wins. A
 * client keeps its child while the set of children is the same, and removing a child moves only its clients.
 * With {@code healthCheck: {}} children that are not up are left out.
 */
public final class HighestRandomWeightService implements ServiceHandler {

    private final String name;
    private final Child[] children;
    private final long[] seeds;
    private final boolean healthCheck;

    HighestRandomWeightService(String name, HighestRandomWeightConfig config, List<Child> children) {
        this.name = name;
        this.children = children.toArray(Child[]::new);
        this.seeds = new long[this.children.length];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = fnv1a(FNV_OFFSET, this.children[i].name().getBytes(StandardCharsets.UTF_8));
        }
        this.healthCheck = config.healthCheck();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        InetSocketAddress peer = exchange.getSourceAddress();
        byte[] ip = peer == null || peer.getAddress() == null ? new byte[0] : peer.getAddress().getAddress();
        int index = pick(ip);
        if (index < 0) {
            PlainResponses.send(exchange, StatusCodes.SERVICE_UNAVAILABLE);
            return;
        }
        children[index].handler().handleRequest(exchange);
    }

    /** The child for a client address (its raw bytes), or -1 when none can take requests. */
    int pick(byte[] clientIp) {
        long ipHash = fnv1a(FNV_OFFSET, clientIp);
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < children.length; i++) {
            Child child = children[i];
            if (child.weight() <= 0 || (healthCheck && !child.service().isUp())) {
                continue;
            }
            long h = mix(ipHash ^ seeds[i]);
            double u = ((h >>> 11) + 0.5) * 0x1.0p-53; // strictly between 0 and 1
            double score = -child.weight() / Math.log(u);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;

    private static long fnv1a(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** SplitMix64's finalizer: FNV alone spreads neighbouring addresses poorly. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUp() {
        if (!healthCheck) {
            return true;
        }
        for (Child child : children) {
            if (child.weight() > 0 && child.service().isUp()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
    }

    @Override
    public void closeNow() {
    }
}
