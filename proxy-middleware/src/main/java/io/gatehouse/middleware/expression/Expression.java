package io.gatehouse.middleware.expression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The condition language of Traefik's circuitBreaker and buffering.retryExpression (vulcand/predicate):
 * function calls compared with numbers ({@code NetworkErrorRatio() > 0.5}), condition functions
 * ({@code IsNetworkError()}), combined with {@code &&}, {@code ||} and parentheses; {@code &&} binds
 * tighter. Parsed once into a tree of predicates; evaluation allocates nothing.
 */
public final class Expression {

    private static final int MAX_LENGTH = 4096;
    private static final int MAX_DEPTH = 64;

    private Expression() {
    }

    /** Parses {@code text} with the given functions. */
    public static <C> Predicate<C> parse(String text, List<Function<C>> functions) {
        if (text == null || text.isBlank()) {
            throw new ExpressionException("the expression is empty; expected for example "
                    + example(functions), 1);
        }
        if (text.length() > MAX_LENGTH) {
            throw new ExpressionException("the expression is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        Map<String, Function<C>> byName = new LinkedHashMap<>();
        functions.forEach(f -> byName.put(f.name(), f));
        Parser<C> parser = new Parser<>(text, byName);
        Predicate<C> result = parser.or(0);
        parser.expectEnd();
        return result;
    }

    private static String example(List<? extends Function<?>> functions) {
        return functions.isEmpty() ? "" : functions.get(0).name() + (functions.get(0).arity() == 0 ? "()" : "(...)")
                + (functions.get(0) instanceof Function.Numeric<?> ? " > 0.5" : "");
    }

    private enum Kind { IDENT, NUMBER, LPAREN, RPAREN, COMMA, AND, OR, OP, END }

    private record Token(Kind kind, String text, int position) {
        String describe() {
            return kind == Kind.END ? "the end of the expression" : "'" + text + "'";
        }
    }

    private static final class Parser<C> {
        private final String text;
        private final Map<String, Function<C>> functions;
        private final List<Token> tokens;
        private int index;

        Parser(String text, Map<String, Function<C>> functions) {
            this.text = text;
            this.functions = functions;
            this.tokens = tokenize(text);
        }

        Predicate<C> or(int depth) {
            Predicate<C> left = and(depth);
            while (peek().kind == Kind.OR) {
                index++;
                Predicate<C> right = and(depth);
                Predicate<C> l = left;
                left = c -> l.test(c) || right.test(c);
            }
            return left;
        }

        Predicate<C> and(int depth) {
            Predicate<C> left = primary(depth);
            while (peek().kind == Kind.AND) {
                index++;
                Predicate<C> right = primary(depth);
                Predicate<C> l = left;
                left = c -> l.test(c) && right.test(c);
            }
            return left;
        }

        Predicate<C> primary(int depth) {
            if (depth > MAX_DEPTH) {
                throw new ExpressionException("the expression is nested too deeply at position " + peek().position,
                        peek().position);
            }
            Token t = peek();
            if (t.kind == Kind.LPAREN) {
                index++;
                Predicate<C> inner = or(depth + 1);
                expect(Kind.RPAREN, "')'");
                return inner;
            }
            if (t.kind == Kind.IDENT) {
                Function<C> f = function(t);
                if (f instanceof Function.Condition<C> condition) {
                    return bind(condition.binder(), f, t, arguments(f));
                }
                index--;
            }
            Token leftToken = peek();
            ToDoubleFunction<C> left = operand();
            Token op = peek();
            if (op.kind != Kind.OP) {
                throw error("expected a comparison (> < >= <= == !=)", op);
            }
            index++;
            Token rightToken = peek();
            ToDoubleFunction<C> right = operand();
            // A comparison is a function against a number, as in Traefik: two functions or two numbers are a mistake.
            if ((leftToken.kind == Kind.NUMBER) == (rightToken.kind == Kind.NUMBER)) {
                throw error(leftToken.kind == Kind.NUMBER
                        ? "a comparison needs a function call on one side, got two numbers"
                        : "a comparison is a function call against a number, got two function calls", rightToken);
            }
            return switch (op.text) {
                case ">" -> c -> left.applyAsDouble(c) > right.applyAsDouble(c);
                case "<" -> c -> left.applyAsDouble(c) < right.applyAsDouble(c);
                case ">=" -> c -> left.applyAsDouble(c) >= right.applyAsDouble(c);
                case "<=" -> c -> left.applyAsDouble(c) <= right.applyAsDouble(c);
                case "==" -> c -> left.applyAsDouble(c) == right.applyAsDouble(c);
                default -> c -> left.applyAsDouble(c) != right.applyAsDouble(c);
            };
        }

        ToDoubleFunction<C> operand() {
            Token t = peek();
            if (t.kind == Kind.NUMBER) {
                index++;
                double value = number(t);
                return c -> value;
            }
            if (t.kind == Kind.IDENT) {
                int at = index;
                Function<C> f = function(t);
                if (f instanceof Function.Numeric<C> numeric) {
                    return bind(numeric.binder(), f, t, arguments(f));
                }
                throw error(f.name() + "() is a condition, not a number; it cannot be compared", tokens.get(at));
            }
            throw error("expected a function call or a number", t);
        }

        Function<C> function(Token t) {
            Function<C> f = functions.get(t.text);
            if (f == null) {
                String hint = functions.keySet().stream().filter(n -> n.equalsIgnoreCase(t.text)).findFirst()
                        .map(n -> " (did you mean " + n + "?)").orElse("");
                throw new ExpressionException("unknown function '" + t.text + "' at position " + t.position + hint
                        + "; known: " + String.join(", ", functions.keySet()), t.position);
            }
            index++;
            return f;
        }

        double[] arguments(Function<C> f) {
            Token open = expect(Kind.LPAREN, "'(' after " + f.name());
            List<Double> args = new ArrayList<>();
            if (peek().kind != Kind.RPAREN) {
                while (true) {
                    Token t = peek();
                    if (t.kind != Kind.NUMBER) {
                        throw error("expected a number as argument of " + f.name(), t);
                    }
                    index++;
                    args.add(number(t));
                    if (peek().kind == Kind.COMMA) {
                        index++;
                        continue;
                    }
                    break;
                }
            }
            expect(Kind.RPAREN, "')' closing " + f.name() + "(");
            if (args.size() != f.arity()) {
                throw new ExpressionException(f.name() + " takes " + f.arity() + " argument" + (f.arity() == 1 ? "" : "s")
                        + ", got " + args.size() + " at position " + open.position, open.position);
            }
            return args.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /** Binds a call's arguments; a bad argument is reported at the call's position. */
        <T> T bind(Function.Binder<T> binder, Function<C> f, Token at, double[] args) {
            try {
                return binder.bind(args);
            } catch (ExpressionException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new ExpressionException(f.name() + " at position " + at.position + ": " + e.getMessage(), at.position);
            }
        }

        double number(Token t) {
            try {
                if (t.text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    // an integer literal is a Go int, as in Traefik's parser (strconv.Atoi): it must fit 64 bits
                    try {
                        return Long.parseLong(t.text);
                    } catch (NumberFormatException e) {
                        throw error("integer out of range (at most " + Long.MAX_VALUE + ")", t);
                    }
                }
                double d = Double.parseDouble(t.text);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw error("not a number", t);
            }
        }

        Token expect(Kind kind, String what) {
            Token t = peek();
            if (t.kind != kind) {
                throw error("expected " + what, t);
            }
            index++;
            return t;
        }

        void expectEnd() {
            Token t = peek();
            if (t.kind != Kind.END) {
                throw error("expected && or || or the end of the expression", t);
            }
        }

        Token peek() {
            return tokens.get(index);
        }

        ExpressionException error(String message, Token t) {
            return new ExpressionException(message + " at position " + t.position + " (got " + t.describe() + ")",
                    t.position);
        }

        private static List<Token> tokenize(String s) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                int pos = i + 1;
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (Character.isLetter(c) || c == '_') {
                    int start = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                        i++;
                    }
                    out.add(new Token(Kind.IDENT, s.substring(start, i), pos));
                } else if (Character.isDigit(c) || c == '.' || c == '-' && i + 1 < s.length()
                        && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.')) {
                    int start = i++;
                    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.'
                            || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                        i++;
                    }
                    out.add(new Token(Kind.NUMBER, s.substring(start, i), pos));
                } else if (c == '(') {
                    out.add(new Token(Kind.LPAREN, "(", pos));
                    i++;
                } else if (c == ')') {
                    out.add(new Token(Kind.RPAREN, ")", pos));
                    i++;
                } else if (c == ',') {
                    out.add(new Token(Kind.COMMA, ",", pos));
                    i++;
                } else if (s.startsWith("&&", i)) {
                    out.add(new Token(Kind.AND, "&&", pos));
                    i += 2;
                } else if (s.startsWith("||", i)) {
                    out.add(new Token(Kind.OR, "||", pos));
                    i += 2;
                } else if (s.startsWith(">=", i) || s.startsWith("<=", i) || s.startsWith("==", i) || s.startsWith("!=", i)) {
                    out.add(new Token(Kind.OP, s.substring(i, i + 2), pos));
                    i += 2;
                } else if (c == '>' || c == '<') {
                    out.add(new Token(Kind.OP, String.valueOf(c), pos));
                    i++;
                } else {
                    String shown = c < 32 || c == 127 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c);
                    throw new ExpressionException("unexpected character '" + shown + "' at position " + pos
                            + (c == '&' || c == '|' || c == '=' ? " (operators are &&, ||, ==)" : ""), pos);
                }
            }
            out.add(new Token(Kind.END, "", s.length() + 1));
            return out;
        }
    }
}
