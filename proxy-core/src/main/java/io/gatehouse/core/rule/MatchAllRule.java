package io.gatehouse.core.rule;

/** Matches every request: {@code Host(`*`)}. */
enum MatchAllRule implements Rule {
    INSTANCE;

    @Override
    public boolean matches(MatchInput request) {
        return true;
    }
}
