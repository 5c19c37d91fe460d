package io.gatehouse.core.rule;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * {@code ClientIP(`10.0.0.0/8`)}: the connection's peer address (never X-Forwarded-For) is in one
 * of the blocks.
 */
final class ClientIpRule implements Rule {

    private final IpBlock[] blocks;

    ClientIpRule(List<IpBlock> blocks) {
        this.blocks = blocks.toArray(new IpBlock[0]);
    }

    @Override
    public boolean matches(MatchInput request) {
        InetAddress address = request.clientAddress();
        if (address instanceof Inet4Address) {
            // Inet4Address.hashCode() is the address itself; getAddress() would copy a byte array.
            int v4 = address.hashCode();
            for (IpBlock block : blocks) {
                if (block.containsV4(v4)) {
                    return true;
                }
            }
            return false;
        }
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress(); // the JDK offers no copy-free access to IPv6 bytes
            long high = IpBlock.toLong(bytes, 0);
            long low = IpBlock.toLong(bytes, 8);
            for (IpBlock block : blocks) {
                if (block.containsV6(high, low)) {
                    return true;
                }
            }
        }
        return false;
    }
}
