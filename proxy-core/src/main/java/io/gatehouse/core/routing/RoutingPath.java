package io.gatehouse.core.routing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The path a request is routed on and forwarded with.
 *
 * <p>Like Traefik's routing path, percent-escapes of characters that are not reserved are decoded
 * ({@code /foo%20bar} is matched as {@code /foo bar}) and escapes of reserved characters (RFC 3986
 * gen-delims and sub-delims, plus {@code %25}) stay encoded, with upper-case hex. On top of that, and
 * before anything is matched, dot segments are resolved (RFC 3986 remove_dot_segments) and empty
 * segments collapsed, so a rule on {@code /admin} sees every spelling of {@code /admin}.
 *
 * <p>Refused (400): a raw backslash, {@code #}, {@code ?}, space, control or non-ASCII character; an invalid or
 * truncated escape; an escaped control character ({@code %00}-{@code %1F}, {@code %7F}) or backslash
 * ({@code %5C}); escaped bytes that are not valid UTF-8 (overlong forms such as {@code %C0%AE} included);
 * a dot or empty segment carrying parameters ({@code ..;x}, {@code .%3Bx}, {@code ;x}), which some servers
 * read as {@code ..}, {@code .} or an empty segment.
 *
 * <p>{@link #normalize} gives the decoded form rules match; {@link #toRequestTarget} gives the same
 * path as it goes on the wire (characters that cannot appear raw re-escaped). Both are one-to-one:
 * a {@code %} in the normalized form always starts a kept reserved escape.
 */
public final class RoutingPath {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** What an escaped byte becomes. */
    private static final byte DECODE = 0;
    private static final byte KEEP = 1;
    private static final byte REFUSE = 2;
    private static final byte UTF8 = 3;
    private static final byte[] ESCAPE_ACTION = new byte[256];

    /** Characters allowed raw in a request-target path: pchar minus pct-encoded, plus "/". */
    private static final boolean[] RAW_PATH_CHAR = new boolean[128];

    static {
        for (int b = 0; b < 256; b++) {
            ESCAPE_ACTION[b] = b >= 0x80 ? UTF8 : DECODE;
        }
        for (int b = 0; b < 0x20; b++) {
            ESCAPE_ACTION[b] = REFUSE;
        }
        ESCAPE_ACTION[0x7F] = REFUSE;
        ESCAPE_ACTION['\\'] = REFUSE;
        // Traefik's reserved set: gen-delims, sub-delims and '%' itself.
        for (char c : ":/?#[]@!$&'()*+,;=%".toCharArray()) {
            ESCAPE_ACTION[c] = KEEP;
        }

        for (char c = 'a'; c <= 'z'; c++) {
            RAW_PATH_CHAR[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            RAW_PATH_CHAR[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            RAW_PATH_CHAR[c] = true;
        }
        for (char c : "-._~!$&'()*+,;=:@/".toCharArray()) {
            RAW_PATH_CHAR[c] = true;
        }
    }

    private RoutingPath() {
    }

    /**
     * The normalized path for both matching and forwarding, or throws when the target must be
     * refused (400). {@code null} or empty is {@code /}; {@code *} (OPTIONS *) stays {@code *}.
     *
     * @param rawPath the path of the request target exactly as received, without query string
     */
    public static String normalize(String rawPath) throws InvalidRequestPathException {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        if (rawPath.equals("*")) {
            return "*";
        }
        if (rawPath.charAt(0) != '/') {
            throw new InvalidRequestPathException("request path must start with '/' (got '" + printable(rawPath) + "')");
        }
        String decoded = needsDecoding(rawPath) ? decode(rawPath) : rawPath;
        return needsDotSegmentRemoval(decoded) ? removeDotSegments(decoded) : decoded;
    }

    /**
     * The normalized path as it is written in the forwarded request line: characters that cannot
     * appear raw in a path (space, {@code "}, {@code <}, non-ASCII ...) are percent-encoded as UTF-8.
     * Returns {@code normalizedPath} itself when nothing needs escaping.
     */
    public static String toRequestTarget(String normalizedPath) {
        int i = 0;
        int length = normalizedPath.length();
        while (i < length && isRawSafe(normalizedPath.charAt(i))) {
            i++;
        }
        if (i == length) {
            return normalizedPath;
        }
        StringBuilder out = new StringBuilder(length + 16).append(normalizedPath, 0, i);
        byte[] utf8 = normalizedPath.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            int c = b & 0xFF;
            if (c < 0x80 && isRawSafe((char) c)) {
                out.append((char) c);
            } else {
                appendEscape(out, c);
            }
        }
        return out.toString();
    }

    private static boolean isRawSafe(char c) {
        // '%' only ever starts a kept reserved escape in a normalized path; '*' is OPTIONS *.
        return c < 128 && (RAW_PATH_CHAR[c] || c == '%');
    }

    /** Validates every character; true when some escape must be decoded or re-cased. */
    private static boolean needsDecoding(String path) throws InvalidRequestPathException {
        boolean escapes = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                escapes = true;
            } else if (c <= ' ' || c >= 0x7F || c == '\\' || c == '#' || c == '?') {
                throw refusedCharacter(path, i, c);
            }
        }
        return escapes;
    }

    private static InvalidRequestPathException refusedCharacter(String path, int index, char c) {
        String what = switch (c) {
            case '\\' -> "a backslash";
            case '#' -> "a '#' (fragments are not sent to servers)";
            case '?' -> "a '?' (the query must be split off first)";
            case ' ' -> "a space";
            default -> c < 0x20 || c == 0x7F ? "a control character"
                    : "a non-ASCII character (it must be percent-encoded)";
        };
        return new InvalidRequestPathException(
                "request path contains " + what + " at index " + index + ": '" + printable(path) + "'");
    }

    private static String decode(String path) throws InvalidRequestPathException {
        StringBuilder out = new StringBuilder(path.length());
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            int b = escapedByte(path, i);
            switch (ESCAPE_ACTION[b]) {
                case DECODE -> out.append((char) b);
                case KEEP -> appendEscape(out, b);
                case REFUSE -> throw new InvalidRequestPathException("request path contains the escaped "
                        + (b == '\\' ? "backslash" : "control character") + " '" + path.substring(i, i + 3)
                        + "' at index " + i + ": '" + printable(path) + "'");
                default -> {
                    i = decodeUtf8(path, i, out);
                    continue;
                }
            }
            i += 3;
        }
        return out.toString();
    }

    /** Decodes a run of escaped bytes >= 0x80 as strict UTF-8; returns the index after the run. */
    private static int decodeUtf8(String path, int start, StringBuilder out) throws InvalidRequestPathException {
        int end = start;
        ByteBuffer bytes = ByteBuffer.allocate((path.length() - start) / 3 + 1);
        while (end < path.length() && path.charAt(end) == '%') {
            int b = escapedByte(path, end);
            if (b < 0x80) {
                break;
            }
            bytes.put((byte) b);
            end += 3;
        }
        bytes.flip();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(bytes);
            out.append(chars);
        } catch (CharacterCodingException e) {
            throw new InvalidRequestPathException("request path escapes '" + path.substring(start, end)
                    + "' at index " + start + " are not valid UTF-8: '" + printable(path) + "'");
        }
        return end;
    }

    private static int escapedByte(String path, int percentIndex) throws InvalidRequestPathException {
        if (percentIndex + 2 >= path.length()) {
            throw new InvalidRequestPathException("request path has a truncated percent-escape '"
                    + path.substring(percentIndex) + "' at index " + percentIndex + ": '" + printable(path) + "'");
        }
        int high = Character.digit(path.charAt(percentIndex + 1), 16);
        int low = Character.digit(path.charAt(percentIndex + 2), 16);
        if (high < 0 || low < 0 || path.charAt(percentIndex + 1) >= 128 || path.charAt(percentIndex + 2) >= 128) {
            throw new InvalidRequestPathException("request path has an invalid percent-escape '"
                    + path.substring(percentIndex, percentIndex + 3) + "' at index " + percentIndex
                    + " (expected % and two hex digits): '" + printable(path) + "'");
        }
        return high << 4 | low;
    }

    private static void appendEscape(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }

    /**
     * True for "//", "/./", "/../", a trailing "/." or "/..", and a segment starting with ';': the only
     * spellings that change or may be refused.
     */
    private static boolean needsDotSegmentRemoval(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) != '/') {
                continue;
            }
            int next = i + 1;
            if (next < path.length() && path.charAt(next) == '/') {
                return true;
            }
            if (next < path.length() && (path.charAt(next) == '.' || path.charAt(next) == ';')) {
                return true; // a segment starting with '.' or ';': checked precisely by removeDotSegments
            }
        }
        return false;
    }

    /**
     * RFC 3986 remove_dot_segments, also dropping empty segments. A path ending in a dot segment
     * ends with '/' as the RFC says ({@code /a/b/..} is {@code /a/}).
     */
    private static String removeDotSegments(String path) throws InvalidRequestPathException {
        String[] kept = new String[path.length()];
        int count = 0;
        boolean trailingSlash = false;
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            boolean last = end < 0;
            if (last) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            if (segment.equals(".")) {
                trailingSlash = last;
            } else if (segment.equals("..")) {
                if (count > 0) {
                    count--;
                }
                trailingSlash = last;
            } else if (segment.isEmpty()) {
                trailingSlash = last ? true : trailingSlash;
            } else {
                refuseDotSegmentWithParameters(path, segment);
                kept[count++] = segment;
                trailingSlash = false;
            }
            start = end + 1;
        }
        if (count == 0) {
            return "/";
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < count; i++) {
            out.append('/').append(kept[i]);
        }
        if (trailingSlash) {
            out.append('/');
        }
        return out.toString();
    }

    /**
     * Tomcat and Jetty strip {@code ;parameters} from each segment before resolving the path: to them
     * {@code ..;x} and {@code .;x} are dot segments and {@code ;x} is an empty segment, so
     * {@code /;x/admin} is {@code /admin}. Refuse those spellings rather than route them elsewhere.
     */
    private static void refuseDotSegmentWithParameters(String path, String segment) throws InvalidRequestPathException {
        int dots = 0;
        while (dots < segment.length() && dots < 2 && segment.charAt(dots) == '.') {
            dots++;
        }
        String rest = segment.substring(dots);
        if (rest.startsWith(";") || rest.startsWith("%3B")) {
            String kind = dots == 0 ? "an empty segment" : "a dot segment";
            throw new InvalidRequestPathException("request path has " + kind + " with parameters '" + segment
                    + "' (servers disagree on what it is): '" + printable(path) + "'");
        }
    }

    /** The value for an error message: control and non-ASCII characters escaped, at most 200 chars. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), 200) + 8);
        for (int i = 0; i < value.length() && out.length() < 200; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\x%02X", (int) c));
            } else if (c >= 128) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= 200) {
            out.append("...");
        }
        return out.toString();
    }
}
