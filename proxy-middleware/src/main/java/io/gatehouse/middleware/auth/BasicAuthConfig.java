package io.gatehouse.middleware.auth;

import java.util.List;

/**
 * Traefik's {@code basicAuth}.
 *
 * @param users        {@code name:hash} lines as htpasswd writes them (bcrypt, apr1 MD5, SHA-1)
 * @param usersFile    a file of such lines; inline users come after it and win on duplicates
 * @param realm        the realm of the challenge (default {@code traefik})
 * @param removeHeader whether the Authorization header is removed before forwarding
 * @param headerField  a request header that receives the authenticated user name for the backend
 */
public record BasicAuthConfig(List<String> users, String usersFile, String realm, boolean removeHeader, String headerField) {

    public static final BasicAuthConfig DEFAULTS = new BasicAuthConfig(List.of(), null, "traefik", false, null);

    public BasicAuthConfig {
        users = users == null ? List.of() : List.copyOf(users);
        realm = realm == null || realm.isEmpty() ? "traefik" : realm;
        if (realm.indexOf('"') >= 0 || realm.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("realm must not contain double quotes or control characters");
        }
        if (headerField != null && !headerField.isEmpty() && !AuthHeaders.isToken(headerField)) {
            throw new IllegalArgumentException("headerField must be a valid HTTP header name, got '" + headerField + "'");
        }
    }

    public static BasicAuthConfig users(String... users) {
        return new BasicAuthConfig(List.of(users), null, "traefik", false, null);
    }

    public BasicAuthConfig withRealm(String realm) {
        return new BasicAuthConfig(users, usersFile, realm, removeHeader, headerField);
    }

    public BasicAuthConfig withRemoveHeader(boolean remove) {
        return new BasicAuthConfig(users, usersFile, realm, remove, headerField);
    }

    public BasicAuthConfig withHeaderField(String header) {
        return new BasicAuthConfig(users, usersFile, realm, removeHeader, header);
    }

    public BasicAuthConfig withUsersFile(String file) {
        return new BasicAuthConfig(users, file, realm, removeHeader, headerField);
    }
}
