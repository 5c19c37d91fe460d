package io.gatehouse.examples.standalone;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.RouterConfig;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.rule.RuleParser;
import io.gatehouse.core.rule.RuleSyntax;
import io.gatehouse.core.rule.RuleSyntaxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** For {@code check}: compiles every router's rule, as the proxy does when it applies a configuration. */
final class RuleCheck {

    private RuleCheck() {
    }

    static List<ConfigError> errors(DynamicConfig config, String source) {
        List<ConfigError> errors = new ArrayList<>();
        for (Map.Entry<String, RouterConfig> e : config.http().routers().entrySet()) {
            RouterConfig router = e.getValue();
            String path = "http.routers." + e.getKey();
            if (router.rule() == null) {
                continue; // the decoder already reported a missing rule
            }
            RuleSyntax syntax = "v2".equals(router.ruleSyntax() == null ? null
                    : router.ruleSyntax().toLowerCase(Locale.ROOT)) ? RuleSyntax.V2 : RuleSyntax.V3;
            try {
                RuleParser.parse(router.rule(), syntax);
            } catch (RuleSyntaxException ex) {
                errors.add(new ConfigError(path + ".rule", router.rule(), ex.getMessage(), SourceLocation.of(source)));
            }
        }
        return errors;
    }
}
