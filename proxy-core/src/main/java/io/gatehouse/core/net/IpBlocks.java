package io.gatehouse.core.net;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of IP addresses and CIDR blocks, parsed once and checked per request (Traefik's ip.Checker, the
 * ClientIP matcher, trusted forwarding peers). Entries are read as Go's net.ParseIP / net.ParseCIDR read them:
 * no surrounding spaces, no zones, no host names. An IPv4-mapped IPv6 address counts as its IPv4 address.
 */
public final class IpBlocks {

    private static final IpBlocks NONE = new IpBlocks(new IpBlock[0]);

    private final IpBlock[] blocks;

    private IpBlocks(IpBlock[] blocks) {
        this.blocks = blocks;
    }

    public static IpBlocks of(List<IpBlock> blocks) {
        return blocks.isEmpty() ? NONE : new IpBlocks(blocks.toArray(new IpBlock[0]));
    }

    /**
     * Parses every entry; each bad one adds an error at {@code path[i]} saying what was expected.
     *
     * @return the good entries (check {@code errors} before using them)
     */
    public static IpBlocks parse(List<String> entries, String path, List<ConfigError> errors) {
        List<IpBlock> blocks = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            try {
                blocks.add(IpBlock.parse(entry));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(path + "[" + i + "]", entry,
                        "is not an IP or a CIDR, e.g. 10.0.0.0/8 or 2001:db8::/32: " + e.getMessage()));
            }
        }
        return of(blocks);
    }

    /** As {@link #parse(List, String, List)}, throwing every error at once. */
    public static IpBlocks parse(List<String> entries, String path) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        IpBlocks blocks = parse(entries, path, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return blocks;
    }

    public boolean isEmpty() {
        return blocks.length == 0;
    }

    /** Whether the address is in a block; allocates nothing for IPv4. */
    public boolean contains(InetAddress address) {
        if (address instanceof Inet4Address) {
            return containsV4(address.hashCode()); // Inet4Address.hashCode() is the address itself, no copy
        }
        if (address instanceof Inet6Address) {
            return contains(address.getAddress()); // the JDK offers no copy-free access to IPv6 bytes
        }
        return false;
    }

    /** Whether the 4 or 16 bytes are in a block; false for anything else. */
    public boolean contains(byte[] address) {
        if (address == null) {
            return false;
        }
        if (address.length == 4) {
            return containsV4(IpBlock.toInt(address, 0));
        }
        if (address.length != 16) {
            return false;
        }
        if (IpLiterals.isV4Mapped(address)) {
            return containsV4(IpBlock.toInt(address, 12));
        }
        long high = IpBlock.toLong(address, 0);
        long low = IpBlock.toLong(address, 8);
        for (IpBlock block : blocks) {
            if (block.containsV6(high, low)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the IP literal is in a block; false for anything that is not an IP literal. */
    public boolean contains(String ip) {
        return contains(IpLiterals.parse(ip));
    }

    private boolean containsV4(int address) {
        for (IpBlock block : blocks) {
            if (block.containsV4(address)) {
                return true;
            }
        }
        return false;
    }
}
