package io.gatehouse.core.rule;

/** {@code PathPrefix(`/products`)}: a plain string prefix, so it also matches {@code /products-for-sale}. */
record PathPrefixRule(String prefix) implements Rule {

    @Override
    public boolean matches(MatchInput request) {
        return request.path().startsWith(prefix);
    }
}
