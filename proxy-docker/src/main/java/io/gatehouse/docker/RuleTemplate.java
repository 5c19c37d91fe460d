package io.gatehouse.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of Go's text/template that Traefik users write in {@code defaultRule}:
 * {@code {{ normalize .Name }}}, {@code {{ .ContainerName }}}, {@code {{ index .Labels "com.example.host" }}},
 * {@code .Labels.key}, pipelines ({@code .Name | lower}), parentheses, string literals in double quotes or
 * backticks, {@code {{- trim markers -}}} and the functions {@code normalize}, {@code index}, {@code lower},
 * {@code upper}, {@code trimPrefix}, {@code trimSuffix}. Anything else is refused when the template is
 * parsed, with what was found and what is supported. Immutable and thread-safe once parsed.
 */
public final class RuleTemplate {

    /** The data a template sees (Traefik's model). */
    public record Model(String name, String containerName, Map<String, String> labels) {
    }

    static final List<String> FUNCTIONS = List.of("normalize", "index", "lower", "upper", "trimPrefix", "trimSuffix");
    private static final List<String> FIELDS = List.of("Name", "ContainerName", "Labels");

    private sealed interface Part permits Text, Action {
    }

    private record Text(String text) implements Part {
    }

    private record Action(Expr expr) implements Part {
    }

    private sealed interface Expr permits Field, Literal, Call, Dot {
    }

    private record Dot() implements Expr {
    }

    /** {@code .Name}, {@code .Labels}, {@code .Labels.key}. */
    private record Field(List<String> path) implements Expr {
    }

    private record Literal(String value) implements Expr {
    }

    private record Call(String function, List<Expr> args) implements Expr {
    }

    private final String source;
    private final List<Part> parts;

    private RuleTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    public String source() {
        return source;
    }

    /** Parses a template; the exception says what is wrong and where. */
    public static RuleTemplate parse(String template) throws InvalidTemplateException {
        if (template == null) {
            throw new InvalidTemplateException("the template is missing");
        }
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        StringBuilder text = new StringBuilder();
        while (pos < template.length()) {
            int open = template.indexOf("{{", pos);
            if (open < 0) {
                text.append(template, pos, template.length());
                break;
            }
            text.append(template, pos, open);
            int close = findClose(template, open + 2);
            if (close < 0) {
                throw new InvalidTemplateException("unclosed action starting at offset " + open + " (missing '}}')");
            }
            String inner = template.substring(open + 2, close);
            int after = close + 2;
            if (inner.startsWith("-") && (inner.length() == 1 || Character.isWhitespace(inner.charAt(1)))) {
                trimTrailingSpace(text);
                inner = inner.substring(1);
            }
            if (inner.endsWith("-") && (inner.length() == 1 || Character.isWhitespace(inner.charAt(inner.length() - 2)))) {
                inner = inner.substring(0, inner.length() - 1);
                while (after < template.length() && Character.isWhitespace(template.charAt(after))) {
                    after++;
                }
            }
            if (text.length() > 0) {
                parts.add(new Text(text.toString()));
                text.setLength(0);
            }
            String trimmed = inner.trim();
            if (!(trimmed.startsWith("/*") && trimmed.endsWith("*/"))) {
                parts.add(new Action(new ActionParser(trimmed, open).parse()));
            }
            pos = after;
        }
        if (text.length() > 0) {
            parts.add(new Text(text.toString()));
        }
        return new RuleTemplate(template, List.copyOf(parts));
    }

    /** The closing braces of an action, skipping string literals that may contain them. */
    private static int findClose(String s, int from) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }

    private static void trimTrailingSpace(StringBuilder b) {
        while (b.length() > 0 && Character.isWhitespace(b.charAt(b.length() - 1))) {
            b.setLength(b.length() - 1);
        }
    }

    /** Renders the template for one container. */
    public String execute(Model model) throws InvalidTemplateException {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Text t) {
                out.append(t.text());
            } else {
                out.append(print(eval(((Action) part).expr(), model)));
            }
        }
        return out.toString();
    }

    private static String print(Object value) {
        if (value instanceof Map<?, ?> map) {
            // Go prints a map as map[k1:v1 k2:v2] with sorted keys.
            StringBuilder b = new StringBuilder("map[");
            new TreeMap<>(map).forEach((k, v) -> b.append(b.length() > 4 ? " " : "").append(k).append(':').append(v));
            return b.append(']').toString();
        }
        return value == null ? "" : value.toString();
    }

    private static Object eval(Expr expr, Model model) throws InvalidTemplateException {
        if (expr instanceof Literal l) {
            return l.value();
        }
        if (expr instanceof Dot) {
            return Map.of("Name", model.name(), "ContainerName", model.containerName(), "Labels", model.labels());
        }
        if (expr instanceof Field f) {
            Object value = switch (f.path().get(0)) {
                case "Name" -> model.name();
                case "ContainerName" -> model.containerName();
                default -> model.labels();
            };
            if (f.path().size() == 2) {
                // .Labels.key: Go gives the zero value for a missing map key.
                return model.labels().getOrDefault(f.path().get(1), "");
            }
            return value;
        }
        Call call = (Call) expr;
        List<Object> args = new ArrayList<>();
        for (Expr a : call.args()) {
            args.add(eval(a, model));
        }
        return switch (call.function()) {
            case "normalize" -> DockerNames.normalize(string(call, args, 0, 1));
            case "lower" -> string(call, args, 0, 1).toLowerCase(Locale.ROOT);
            case "upper" -> string(call, args, 0, 1).toUpperCase(Locale.ROOT);
            case "trimPrefix" -> {
                String prefix = string(call, args, 0, 2);
                String s = string(call, args, 1, 2);
                yield s.startsWith(prefix) ? s.substring(prefix.length()) : s;
            }
            case "trimSuffix" -> {
                String suffix = string(call, args, 0, 2);
                String s = string(call, args, 1, 2);
                yield s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
            }
            case "index" -> {
                if (args.size() != 2 || !(args.get(0) instanceof Map<?, ?> map) || !(args.get(1) instanceof String key)) {
                    throw new InvalidTemplateException("index expects a map and a key, as in index .Labels \"key\"");
                }
                Object v = map.get(key);
                yield v == null ? "" : v;
            }
            default -> throw new IllegalStateException(call.function());
        };
    }

    private static String string(Call call, List<Object> args, int i, int arity) throws InvalidTemplateException {
        if (args.size() != arity) {
            throw new InvalidTemplateException(call.function() + " expects " + arity + " argument"
                    + (arity == 1 ? "" : "s") + ", got " + args.size());
        }
        if (!(args.get(i) instanceof String s)) {
            throw new InvalidTemplateException(call.function() + " expects a string, got a map (did you mean index .Labels \"key\"?)");
        }
        return s;
    }

    /** Parses one action: a pipeline of commands. */
    private static final class ActionParser {
        private final String s;
        private final int offset;
        private int pos;

        ActionParser(String s, int offset) {
            this.s = s;
            this.offset = offset;
        }

        Expr parse() throws InvalidTemplateException {
            if (s.isEmpty()) {
                throw error("empty action");
            }
            Expr e = pipeline();
            skipSpace();
            if (pos < s.length()) {
                throw error("unexpected '" + s.substring(pos) + "'");
            }
            return e;
        }

        private Expr pipeline() throws InvalidTemplateException {
            Expr value = command(null);
            skipSpace();
            while (pos < s.length() && s.charAt(pos) == '|') {
                pos++;
                value = command(value);
                skipSpace();
            }
            return value;
        }

        /** A command; {@code piped} is the previous value of a pipeline, passed as the last argument. */
        private Expr command(Expr piped) throws InvalidTemplateException {
            skipSpace();
            List<Expr> operands = new ArrayList<>();
            String function = null;
            int start = pos;
            if (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                function = identifier();
                if (!FUNCTIONS.contains(function)) {
                    throw error("unsupported function or keyword '" + function + "' (supported: "
                            + String.join(", ", FUNCTIONS) + ", and the fields ." + String.join(", .", FIELDS) + ")");
                }
            }
            while (true) {
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) == '|' || s.charAt(pos) == ')') {
                    break;
                }
                operands.add(operand());
            }
            if (function == null && operands.isEmpty()) {
                throw error("missing command" + (piped != null ? " after '|'" : ""));
            }
            if (piped != null) {
                operands.add(piped);
            }
            if (function == null) {
                if (operands.size() != 1) {
                    throw error(operands.isEmpty() ? "missing value at '" + s.substring(start) + "'"
                            : "a value cannot take arguments: '" + s.substring(start, pos).trim() + "'");
                }
                return operands.get(0);
            }
            return new Call(function, List.copyOf(operands));
        }

        private Expr operand() throws InvalidTemplateException {
            char c = s.charAt(pos);
            if (c == '"' || c == '`') {
                return new Literal(string(c));
            }
            if (c == '(') {
                pos++;
                Expr inner = pipeline();
                skipSpace();
                if (pos >= s.length() || s.charAt(pos) != ')') {
                    throw error("missing ')'");
                }
                pos++;
                return inner;
            }
            if (c == '.') {
                pos++;
                if (pos >= s.length() || !Character.isLetter(s.charAt(pos))) {
                    return new Dot();
                }
                String field = identifier();
                if (!FIELDS.contains(field)) {
                    throw error("unknown field '." + field + "' (the template sees ." + String.join(", .", FIELDS) + ")");
                }
                List<String> path = new ArrayList<>(List.of(field));
                if (pos < s.length() && s.charAt(pos) == '.') {
                    if (!field.equals("Labels")) {
                        throw error("." + field + " is a string and has no fields");
                    }
                    pos++;
                    int start = pos;
                    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                        pos++;
                    }
                    if (start == pos) {
                        throw error("missing label name after .Labels.");
                    }
                    path.add(s.substring(start, pos));
                }
                return new Field(List.copyOf(path));
            }
            if (Character.isLetter(c)) {
                String name = identifier();
                throw error("'" + name + "' can only start a command; wrap it in parentheses: (" + name + " ...)");
            }
            throw error("unexpected '" + c + "'");
        }

        private String string(char quote) throws InvalidTemplateException {
            int start = pos;
            pos++;
            StringBuilder b = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == quote) {
                    return b.toString();
                }
                if (c == '\\' && quote == '"') {
                    if (pos >= s.length()) {
                        break;
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case '\\', '"' -> b.append(e);
                        default -> throw error("unsupported escape '\\" + e + "' in string");
                    }
                } else {
                    b.append(c);
                }
            }
            pos = start;
            throw error("unterminated string");
        }

        private String identifier() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private InvalidTemplateException error(String message) {
            return new InvalidTemplateException("in action {{" + s + "}} at offset " + offset + ": " + message);
        }
    }
}
