package io.gatehouse.core.rule;

import io.gatehouse.core.net.IpBlocks;

/**
 * {@code ClientIP(`10.0.0.0/8`)}: the connection's peer address (never X-Forwarded-For) is in one
 * of the blocks.
 */
final class ClientIpRule implements Rule {

    private final IpBlocks blocks;

    ClientIpRule(IpBlocks blocks) {
        this.blocks = blocks;
    }

    @Override
    public boolean matches(MatchInput request) {
        return blocks.contains(request.clientAddress());
    }
}
