package io.gatehouse.core.proxy;

import io.undertow.util.HttpString;

import java.util.Locale;
import java.util.Set;

/** The X-headers the proxy manages (Traefik's XHeadersSet): removed from untrusted peers, set by the proxy. */
final class ForwardedHeaderNames {

    static final HttpString X_FORWARDED_PROTO = HttpString.tryFromString("X-Forwarded-Proto");
    static final HttpString X_FORWARDED_FOR = HttpString.tryFromString("X-Forwarded-For");
    static final HttpString X_FORWARDED_HOST = HttpString.tryFromString("X-Forwarded-Host");
    static final HttpString X_FORWARDED_PORT = HttpString.tryFromString("X-Forwarded-Port");
    static final HttpString X_FORWARDED_SERVER = HttpString.tryFromString("X-Forwarded-Server");
    static final HttpString X_REAL_IP = HttpString.tryFromString("X-Real-Ip");

    /** Lower-case, dash form. */
    private static final Set<String> MANAGED_NAMES = Set.of(
            "x-forwarded-proto", "x-forwarded-scheme", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port",
            "x-forwarded-server", "x-forwarded-uri", "x-forwarded-method", "x-forwarded-prefix",
            "x-forwarded-tls-client-cert", "x-forwarded-tls-client-cert-info", "x-scheme", "x-real-ip");
    /** The same as HttpStrings, which compare ignoring case: a lookup without allocation. */
    private static final Set<HttpString> MANAGED = MANAGED_NAMES.stream().map(HttpString::new)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private ForwardedHeaderNames() {
    }

    /** Whether {@code name} is a managed header, treating '_' as '-' (X_Forwarded_For is the same header to many apps). */
    static boolean isManaged(HttpString name) {
        if (MANAGED.contains(name)) {
            return true;
        }
        String text = name.toString();
        return text.indexOf('_') >= 0 && isManaged(text);
    }

    /** As {@link #isManaged(HttpString)}, for a header name read from a Connection header. */
    static boolean isManaged(String name) {
        if (name.isEmpty() || (name.charAt(0) != 'x' && name.charAt(0) != 'X')) {
            return false;
        }
        return MANAGED_NAMES.contains(name.toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
