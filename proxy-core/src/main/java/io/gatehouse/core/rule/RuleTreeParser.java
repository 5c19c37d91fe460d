package io.gatehouse.core.rule;

import io.gatehouse.core.rule.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser over the tokens of a rule, building the compiled tree directly.
 * <pre>
 *   rule    := or END
 *   or      := and ('||' and)*
 *   and     := unary ('&amp;&amp;' unary)*
 *   unary   := '!' unary | primary
 *   primary := '(' or ')' | NAME '(' [value (',' value)* [',']] ')'
 * </pre>
 * Chains of {@code &&} and {@code ||} are loops, not recursion; only parentheses and {@code !} nest,
 * and they are limited to {@link #MAX_NESTING} levels so hostile input cannot overflow the stack.
 */
final class RuleTreeParser {

    /** Deepest allowed nesting of parentheses and '!' together. */
    static final int MAX_NESTING = 256;

    private final RuleLexer lexer;
    private final MatcherCatalog catalog;
    private Token lookahead;
    private int depth;

    private RuleTreeParser(RuleLexer lexer, MatcherCatalog catalog) {
        this.lexer = lexer;
        this.catalog = catalog;
    }

    static RuleNode parse(String rule, MatcherCatalog catalog) throws RuleSyntaxException {
        return new RuleTreeParser(RuleLexer.of(rule), catalog).rule();
    }

    private RuleNode rule() throws RuleSyntaxException {
        if (peek().kind() == Kind.END) {
            throw new RuleSyntaxException("empty rule", 0, "", "expected e.g. Host(`example.com`)");
        }
        RuleNode node = or();
        Token extra = peek();
        if (extra.kind() != Kind.END) {
            String hint = extra.kind() == Kind.RIGHT_PAREN
                    ? "unbalanced parentheses: no '(' to close"
                    : "expected '&&' or '||' between matchers";
            throw new RuleSyntaxException("unexpected " + RuleSyntaxException.describe(extra.text())
                    + " after a complete rule", extra.position(), extra.text(), hint);
        }
        return node;
    }

    private RuleNode or() throws RuleSyntaxException {
        RuleNode first = and();
        if (peek().kind() != Kind.OR) {
            return first;
        }
        List<Rule> rules = new ArrayList<>();
        List<HostScope> scopes = new ArrayList<>();
        rules.add(first.rule());
        scopes.add(first.hosts());
        while (peek().kind() == Kind.OR) {
            next();
            RuleNode next = and();
            rules.add(next.rule());
            scopes.add(next.hosts());
        }
        return new RuleNode(new OrRule(rules), HostScopes.or(scopes));
    }

    private RuleNode and() throws RuleSyntaxException {
        RuleNode first = unary();
        if (peek().kind() != Kind.AND) {
            return first;
        }
        List<Rule> rules = new ArrayList<>();
        List<HostScope> scopes = new ArrayList<>();
        rules.add(first.rule());
        scopes.add(first.hosts());
        while (peek().kind() == Kind.AND) {
            next();
            RuleNode next = unary();
            rules.add(next.rule());
            scopes.add(next.hosts());
        }
        return new RuleNode(new AndRule(rules), HostScopes.and(scopes));
    }

    private RuleNode unary() throws RuleSyntaxException {
        Token token = peek();
        if (token.kind() == Kind.NOT) {
            next();
            enter(token);
            RuleNode operand = unary();
            depth--;
            // The complement of a host set is unbounded.
            return new RuleNode(new NotRule(operand.rule()), HostScope.ANY);
        }
        return primary();
    }

    private RuleNode primary() throws RuleSyntaxException {
        Token token = next();
        switch (token.kind()) {
            case LEFT_PAREN -> {
                enter(token);
                RuleNode inner = or();
                Token close = next();
                if (close.kind() != Kind.RIGHT_PAREN) {
                    throw new RuleSyntaxException("unexpected " + RuleSyntaxException.describe(close.text()),
                            close.position(), close.text(),
                            "expected ')' to close the '(' at position " + token.position());
                }
                depth--;
                return inner;
            }
            case IDENTIFIER -> {
                return matcher(token);
            }
            default -> throw new RuleSyntaxException("unexpected " + RuleSyntaxException.describe(token.text()),
                    token.position(), token.text(), "expected a matcher such as Host(`example.com`), '!' or '('");
        }
    }

    private RuleNode matcher(Token name) throws RuleSyntaxException {
        String canonical = catalog.canonical(name.text());
        if (canonical == null) {
            throw catalog.unknown(name);
        }
        Token open = next();
        if (open.kind() != Kind.LEFT_PAREN) {
            throw new RuleSyntaxException("unexpected " + RuleSyntaxException.describe(open.text())
                    + " after matcher '" + name.text() + "'", open.position(), open.text(),
                    "expected '(' and the matcher's values, e.g. " + canonical + "(`value`)");
        }
        List<Token> args = new ArrayList<>();
        while (true) {
            Token token = next();
            if (token.kind() == Kind.RIGHT_PAREN) {
                break;
            }
            if (token.kind() != Kind.STRING) {
                throw new RuleSyntaxException("unexpected " + RuleSyntaxException.describe(token.text())
                        + " in the values of '" + name.text() + "'", token.position(), token.text(),
                        "expected a value in backticks or double quotes"
                                + (token.kind() == Kind.END ? ", and ')' to close the '(' at position "
                                + open.position() : ""));
            }
            args.add(token);
            Token separator = next();
            if (separator.kind() == Kind.RIGHT_PAREN) {
                break;
            }
            if (separator.kind() != Kind.COMMA) {
                throw new RuleSyntaxException("unexpected " + RuleSyntaxException.describe(separator.text())
                        + " in the values of '" + name.text() + "'", separator.position(), separator.text(),
                        "expected ',' or ')' to close the '(' at position " + open.position());
            }
        }
        MatcherCall call = new MatcherCall(canonical, name, List.copyOf(args));
        checkValues(call);
        return catalog.builder(canonical).build(call);
    }

    /** As Traefik's CheckRule: every matcher needs a value, and no value may be empty. */
    private static void checkValues(MatcherCall call) throws RuleSyntaxException {
        if (call.count() == 0) {
            throw new RuleSyntaxException("matcher '" + call.name() + "' has no value",
                    call.nameToken().position(), call.nameToken().text(), call.usage());
        }
        for (int i = 0; i < call.count(); i++) {
            if (call.value(i).isEmpty()) {
                throw call.badArgument(i, "empty value for matcher '" + call.name() + "'", call.usage());
            }
        }
    }

    private void enter(Token token) throws RuleSyntaxException {
        if (++depth > MAX_NESTING) {
            throw new RuleSyntaxException("rule nested deeper than " + MAX_NESTING + " levels of '(' and '!'",
                    token.position(), token.text(), "simplify the rule");
        }
    }

    private Token peek() throws RuleSyntaxException {
        if (lookahead == null) {
            lookahead = lexer.next();
        }
        return lookahead;
    }

    private Token next() throws RuleSyntaxException {
        Token token = peek();
        lookahead = null;
        return token;
    }
}
