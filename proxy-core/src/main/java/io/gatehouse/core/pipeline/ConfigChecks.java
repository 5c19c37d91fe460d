package io.gatehouse.core.pipeline;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.rule.RuleParser;
import io.gatehouse.core.rule.RuleSyntax;
import io.gatehouse.core.rule.RuleSyntaxException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks one provider's configuration can make without the others: every router's rule parses, and
 * no {@code chain} middlewares form a cycle. The snapshot build checks the same; a provider that runs
 * these first can report the errors with its own locations, and an offline {@code check} finds them.
 */
public final class ConfigChecks {

    private ConfigChecks() {
    }

    public static List<ConfigError> check(DynamicConfig config) {
        List<ConfigError> errors = new ArrayList<>();
        config.http().routers().forEach((name, router) -> checkRule(errors, name, router));
        checkChains(errors, config.http().middlewares());
        return errors;
    }

    private static void checkRule(List<ConfigError> errors, String name, RouterConfig router) {
        if (router.rule() == null) {
            return; // a missing rule is the decoder's error
        }
        RuleSyntax syntax = RuleSyntax.V3;
        if (router.ruleSyntax() != null && router.ruleSyntax().toLowerCase(Locale.ROOT).equals("v2")) {
            syntax = RuleSyntax.V2;
        }
        try {
            RuleParser.parse(router.rule(), syntax);
        } catch (RuleSyntaxException e) {
            errors.add(new ConfigError("http.routers." + name + ".rule", router.rule(), e.getMessage()));
        }
    }

    private static void checkChains(List<ConfigError> errors, Map<String, MiddlewareConfig> middlewares) {
        Set<String> done = new HashSet<>();
        for (String name : middlewares.keySet()) {
            walk(errors, middlewares, name, new ArrayList<>(), done);
        }
    }

    private static void walk(List<ConfigError> errors, Map<String, MiddlewareConfig> middlewares, String name,
                             List<String> stack, Set<String> done) {
        MiddlewareConfig config = middlewares.get(name);
        if (config == null || !ChainMiddlewareType.isChain(config) || done.contains(name)) {
            return;
        }
        int start = stack.indexOf(name);
        if (start >= 0) {
            List<String> cycle = new ArrayList<>(stack.subList(start, stack.size()));
            cycle.add(name);
            errors.add(new ConfigError("http.middlewares." + stack.get(stack.size() - 1) + "." + config.type()
                    + ".middlewares", null, "chain middlewares form a cycle: " + String.join(" -> ", cycle)));
            return;
        }
        stack.add(name);
        List<String> members;
        try {
            members = ChainMiddlewareType.members(config);
        } catch (IllegalArgumentException e) {
            members = List.of();
        }
        for (String member : members) {
            if (member != null && member.indexOf('@') < 0) {
                walk(errors, middlewares, member, stack, done);
            }
        }
        stack.remove(stack.size() - 1);
        done.add(name);
    }
}
