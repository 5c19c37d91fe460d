package io.gatehouse.core.rule;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The matchers one rule syntax knows, found by name case-insensitively. */
final class MatcherCatalog {

    /** Builds the compiled matcher from a call whose name is known; checks the arguments. */
    @FunctionalInterface
    interface Builder {
        RuleNode build(MatcherCall call) throws RuleSyntaxException;
    }

    private final String syntaxName;
    private final Map<String, String> canonicalByLowerName = new TreeMap<>();
    private final Map<String, Builder> builders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> otherSyntaxNames;

    MatcherCatalog(String syntaxName, Map<String, Builder> builders, Set<String> otherSyntaxNames) {
        this.syntaxName = syntaxName;
        this.builders.putAll(builders);
        builders.keySet().forEach(name -> canonicalByLowerName.put(name.toLowerCase(Locale.ROOT), name));
        this.otherSyntaxNames = otherSyntaxNames;
    }

    /** The canonical spelling of a matcher name, or null when this syntax has no such matcher. */
    String canonical(String written) {
        return canonicalByLowerName.get(written.toLowerCase(Locale.ROOT));
    }

    Builder builder(String canonicalName) {
        return builders.get(canonicalName);
    }

    RuleSyntaxException unknown(Token name) {
        String known = "known matchers: " + String.join(", ", builders.keySet());
        String other = otherSyntaxNames.stream()
                .filter(n -> n.equalsIgnoreCase(name.text()))
                .findFirst()
                .map(n -> n + " belongs to the other rule syntax (this rule is parsed as " + syntaxName + "); ")
                .orElse("");
        return new RuleSyntaxException("unknown matcher " + RuleSyntaxException.describe(name.text()),
                name.position(), name.text(), other + known);
    }
}
