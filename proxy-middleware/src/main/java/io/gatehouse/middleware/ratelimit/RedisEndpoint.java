package io.gatehouse.middleware.ratelimit;

/** A Redis address in Go's {@code host:port} form ({@code [::1]:6379} for IPv6), as Traefik takes it. */
record RedisEndpoint(String host, int port) {

    static RedisEndpoint parse(String option, String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException(option + ": empty; expected host:port, e.g. localhost:6379");
        }
        String s = address.trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(option + ": no port; expected host:port, e.g. localhost:6379 (got '" + address + "')");
        }
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException(option + ": an IPv6 address goes in brackets, e.g. [::1]:6379 (got '" + address + "')");
        }
        if (host.isEmpty() || !host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '%')) {
            throw new IllegalArgumentException(option + ": not a host name or IP address (got '" + address + "')");
        }
        int number;
        try {
            number = port.chars().allMatch(Character::isDigit) && !port.isEmpty() && port.length() <= 5 ? Integer.parseInt(port) : -1;
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException(option + ": the port must be a number from 1 to 65535 (got '" + address + "')");
        }
        return new RedisEndpoint(host, number);
    }
}
