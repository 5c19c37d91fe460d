package io.gatehouse.core.server;

/** Names across providers: {@code name@provider}, Traefik's notation. */
final class QualifiedNames {

    private QualifiedNames() {
    }

    static String qualify(String name, String provider) {
        return name.indexOf('@') >= 0 ? name : name + "@" + provider;
    }

    /** The provider part of a qualified name, or null when the name has none. */
    static String providerOf(String name) {
        int at = name.lastIndexOf('@');
        return at < 0 ? null : name.substring(at + 1);
    }
}
