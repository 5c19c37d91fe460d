package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigException;

/**
 * An entry point's {@code address} as Traefik writes it: {@code :8080}, {@code 127.0.0.1:8080},
 * {@code [::1]:8080}, optionally followed by {@code /tcp}.
 *
 * @param host the interface to bind; {@code 0.0.0.0} when the address names none
 * @param port the port; 0 picks a free one
 */
public record EntryPointAddress(String host, int port) {

    public static EntryPointAddress parse(String path, String address) throws ConfigException {
        if (address == null || address.isBlank()) {
            throw new ConfigException(path, address, "an address such as ':8080' is required");
        }
        String text = address;
        int slash = text.lastIndexOf('/');
        if (slash >= 0) {
            String protocol = text.substring(slash + 1);
            if (!protocol.equalsIgnoreCase("tcp")) {
                throw new ConfigException(path, address, "only TCP entry points are supported (got '/" + protocol + "')");
            }
            text = text.substring(0, slash);
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(path, address, "expected [host]:port, e.g. ':8080'");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3) {
                throw new ConfigException(path, address, "an IPv6 host must be written in brackets, e.g. '[::1]:8080'");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new ConfigException(path, address, "an IPv6 host must be written in brackets, e.g. '[::1]:8080'");
        }
        if (!host.chars().allMatch(EntryPointAddress::isHostChar)) {
            throw new ConfigException(path, address,
                    "the host must be a name or an IP address (letters, digits, '.', '-', ':' inside brackets)");
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        return new EntryPointAddress(host, parsePort(path, address, portText));
    }

    private static boolean isHostChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
                || c == ':' || c == '%';
    }

    private static int parsePort(String path, String address, String portText) throws ConfigException {
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ConfigException(path, address, "the port must be a number from 0 to 65535");
        }
        int port = Integer.parseInt(portText);
        if (port > 65535) {
            throw new ConfigException(path, address, "the port must be a number from 0 to 65535");
        }
        return port;
    }
}
