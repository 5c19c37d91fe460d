package io.gatehouse.core.rule;

/** {@code Path(`/products`)}: the routing path equals the value. */
record PathRule(String path) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        return path.equals(request.path());
    }
}
