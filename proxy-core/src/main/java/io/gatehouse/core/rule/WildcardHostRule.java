package io.gatehouse.core.rule;

/**
 * {@code Host(`*.example.com`)}: exactly one label in front of the suffix, so {@code a.example.com}
 * matches but neither {@code example.com} nor {@code a.b.example.com}.
 */
final class WildcardHostRule implements Rule {

    private final String suffix;
    private final String dottedSuffix;

    /** @param suffix the part after {@code *.}, lower case */
    WildcardHostRule(String suffix) {
        this.suffix = suffix;
        this.dottedSuffix = "." + suffix;
    }

    String suffix() {
        return suffix;
    }

    @Override
    public boolean matches(MatchInput request) {
        String host = request.host();
        int labelEnd = host.length() - dottedSuffix.length();
        return labelEnd > 0
                && host.endsWith(dottedSuffix)
                && host.lastIndexOf('.', labelEnd - 1) < 0;
    }
}
