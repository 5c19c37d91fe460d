package io.gatehouse.core.rule;

/** {@code Host(`example.com`)}: the request host equals the (lower-cased, dot-stripped) value. */
record HostRule(String host) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        return host.equals(request.host());
    }
}
