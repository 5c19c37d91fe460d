package io.gatehouse.middleware.auth;

import java.util.List;

/**
 * Traefik's {@code digestAuth}.
 *
 * @param users        {@code name:realm:md5(name:realm:password)} lines as htdigest writes them
 * @param usersFile    a file of such lines; inline users come after it and win on duplicates
 * @param realm        the realm of the challenge (default {@code traefik}); only users of this realm can log in
 * @param removeHeader whether the Authorization header is removed before forwarding
 * @param headerField  a request header that receives the authenticated user name for the backend
 */
public record DigestAuthConfig(List<String> users, String usersFile, String realm, boolean removeHeader, String headerField) {

    public static final DigestAuthConfig DEFAULTS = new DigestAuthConfig(List.of(), null, "traefik", false, null);

    public DigestAuthConfig {
        users = users == null ? List.of() : List.copyOf(users);
        realm = realm == null || realm.isEmpty() ? "traefik" : realm;
        if (realm.indexOf('"') >= 0 || realm.indexOf(':') >= 0 || realm.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("realm must not contain double quotes, ':' or control characters");
        }
        if (headerField != null && !headerField.isEmpty() && !AuthHeaders.isToken(headerField)) {
            throw new IllegalArgumentException("headerField must be a valid HTTP header name, got '" + headerField + "'");
        }
    }

    public static DigestAuthConfig users(String... users) {
        return new DigestAuthConfig(List.of(users), null, "traefik", false, null);
    }

    public DigestAuthConfig withRealm(String realm) {
        return new DigestAuthConfig(users, usersFile, realm, removeHeader, headerField);
    }

    public DigestAuthConfig withRemoveHeader(boolean remove) {
        return new DigestAuthConfig(users, usersFile, realm, remove, headerField);
    }

    public DigestAuthConfig withHeaderField(String header) {
        return new DigestAuthConfig(users, usersFile, realm, removeHeader, header);
    }
}
