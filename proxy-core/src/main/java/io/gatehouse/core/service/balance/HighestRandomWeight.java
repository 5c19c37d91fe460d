package io.gatehouse.core.service.balance;

import io.gatehouse.core.service.LoadBalancer;
import io.gatehouse.core.service.Server;
import io.gatehouse.core.service.TriedServers;
import io.undertow.server.HttpServerExchange;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code hrw}: rendezvous hashing on the client's IP, as Traefik computes it: for each server,
 * {@code h = fnv1a64(clientIp + serverUrl)}, score {@code weight / -ln(h / 2^64)}, highest score wins. A client
 * keeps its server while that server is eligible; removing a server moves only its own clients. The client IP is
 * the connection's peer address (never X-Forwarded-For), formatted as Go does. O(servers) per pick.
 */
public final class HighestRandomWeight implements LoadBalancer {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final double TWO_TO_64 = 0x1.0p64;

    private final Server[] servers;
    private final byte[][] urls;
    /** With equal weights the highest score is the highest hash: no logarithm needed. */
    private final boolean equalWeights;

    public HighestRandomWeight(List<Server> servers) {
        this.servers = Pickable.of(servers);
        this.urls = new byte[this.servers.length][];
        for (int i = 0; i < this.servers.length; i++) {
            urls[i] = this.servers[i].url().getBytes(StandardCharsets.UTF_8);
        }
        this.equalWeights = this.servers.length == 0
                || java.util.Arrays.stream(this.servers).allMatch(s -> s.weight() == this.servers[0].weight());
    }

    @Override
    public Server pick(HttpServerExchange exchange, TriedServers tried) {
        InetSocketAddress source = exchange.getSourceAddress();
        String ip = source == null || source.getAddress() == null ? "" : GoIpFormat.format(source.getAddress());
        return pick(ip, tried);
    }

    /** The pick for a client IP in Go's text form. */
    public Server pick(String clientIp, TriedServers tried) {
        Server[] all = servers;
        long prefix = FNV_OFFSET;
        for (int i = 0; i < clientIp.length(); i++) { // IP text is ASCII
            prefix = (prefix ^ (clientIp.charAt(i) & 0xff)) * FNV_PRIME;
        }
        if (equalWeights) {
            return pickByHash(prefix, tried);
        }
        Server best = null;
        double bestScore = 0;
        for (int i = 0; i < all.length; i++) {
            Server server = all[i];
            if (!LoadBalancer.eligible(server, tried)) {
                continue;
            }
            double score = score(prefix, urls[i], server.weight());
            if (best == null || score > bestScore) {
                best = server;
                bestScore = score;
            }
        }
        return best;
    }

    /** Equal weights: the score grows with the hash, so the highest unsigned hash wins (first one on a tie). */
    private Server pickByHash(long prefix, TriedServers tried) {
        Server[] all = servers;
        Server best = null;
        long bestHash = 0;
        for (int i = 0; i < all.length; i++) {
            Server server = all[i];
            if (!LoadBalancer.eligible(server, tried)) {
                continue;
            }
            long h = hash(prefix, urls[i]);
            if (best == null || Long.compareUnsigned(h, bestHash) > 0) {
                best = server;
                bestHash = h;
            }
        }
        return best;
    }

    private static long hash(long prefix, byte[] url) {
        long h = prefix;
        for (byte b : url) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    static double score(long prefix, byte[] url, int weight) {
        double unit = unsignedToDouble(hash(prefix, url)) / TWO_TO_64;
        return 1.0 / -Math.log(unit) * weight;
    }

    /** Go's float64(uint64): rounded to nearest. */
    private static double unsignedToDouble(long value) {
        if (value >= 0) {
            return value;
        }
        return ((value >>> 1) | (value & 1)) * 2.0;
    }
}
