package io.gatehouse.core.rule;

import io.gatehouse.core.net.IpBlock;
import io.gatehouse.core.net.IpBlocks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks and normalisations of matcher arguments shared by both syntaxes. */
final class MatcherValues {

    private MatcherValues() {
    }

    /** Traefik refuses non-ASCII host values; punycode is the way to match IDNs. */
    static void requireAscii(MatcherCall call, int index) throws RuleSyntaxException {
        int at = Ascii.firstNonAscii(call.value(index));
        if (at >= 0) {
            throw call.badArgument(index, "invalid value " + RuleSyntaxException.describe(call.value(index))
                    + " for " + call.name() + ": non-ASCII characters are not allowed",
                    "use the punycode form (xn--...) of internationalised names");
        }
    }

    /** An ASCII host, lower-cased, one trailing dot removed (request hosts arrive that way too). */
    static String host(MatcherCall call, int index) throws RuleSyntaxException {
        requireAscii(call, index);
        String host = call.value(index).toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            host = host.substring(1, host.length() - 1); // as request hosts are: [::1]:8080 is ::1
        }
        if (host.isEmpty()) {
            throw call.badArgument(index, "empty host name for " + call.name(), "expected e.g. `example.com`");
        }
        return host;
    }

    static String path(MatcherCall call, int index) throws RuleSyntaxException {
        String path = call.value(index);
        if (!path.startsWith("/")) {
            throw call.badArgument(index, "path " + RuleSyntaxException.describe(path) + " for " + call.name()
                    + " does not start with '/'", "expected e.g. `/api`");
        }
        return path;
    }

    /** Every argument from {@code from} on as an IP address or CIDR block. */
    static ClientIpRule clientIp(MatcherCall call, int from) throws RuleSyntaxException {
        List<IpBlock> blocks = new ArrayList<>();
        for (int i = from; i < call.count(); i++) {
            try {
                blocks.add(IpBlock.parse(call.value(i)));
            } catch (IllegalArgumentException e) {
                throw call.badArgument(i, "invalid IP address or CIDR " + RuleSyntaxException.describe(call.value(i))
                        + " for ClientIP: " + e.getMessage(),
                        "expected e.g. `10.76.105.11`, `192.168.1.0/24`, `::1` or `fe80::/10`");
            }
        }
        return new ClientIpRule(IpBlocks.of(blocks));
    }
}
