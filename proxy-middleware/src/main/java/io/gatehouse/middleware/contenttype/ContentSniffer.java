package io.gatehouse.middleware.contenttype;

import java.nio.ByteBuffer;

/**
 * Go's {@code http.DetectContentType} (the WHATWG MIME sniffing table as Go implements it): looks at
 * the first 512 bytes at most and always returns a type, {@code application/octet-stream} at worst.
 */
final class ContentSniffer {

    static final int SNIFF_LEN = 512;
    private static final String HTML = "text/html; charset=utf-8";
    private static final String[] HTML_TAGS = {"<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME", "<H1", "<DIV",
            "<FONT", "<TABLE", "<A", "<STYLE", "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--"};
    private static final Object[][] EXACT = {
            {"%PDF-", "application/pdf"},
            {"%!PS-Adobe-", "application/postscript"},
            {"\u0000\u0000\u0001\u0000", "image/x-icon"},
            {"\u0000\u0000\u0002\u0000", "image/x-icon"},
            {"BM", "image/bmp"},
            {"GIF87a", "image/gif"},
            {"GIF89a", "image/gif"},
            {"\u0089PNG\r\n\u001A\n", "image/png"},
            {"\u00FF\u00D8\u00FF", "image/jpeg"},
            {"ID3", "audio/mpeg"},
            {"OggS\u0000", "application/ogg"},
            {"MThd\u0000\u0000\u0000\u0006", "audio/midi"},
            {"\u001A\u0045\u00DF\u00A3", "video/webm"},
            {"\u0000\u0001\u0000\u0000", "font/ttf"},
            {"OTTO", "font/otf"},
            {"ttcf", "font/collection"},
            {"wOFF", "font/woff"},
            {"wOF2", "font/woff2"},
            {"\u001F\u008B\u0008", "application/x-gzip"},
            {"PK\u0003\u0004", "application/zip"},
            {"Rar!\u001A\u0007\u0000", "application/x-rar-compressed"},
            {"Rar!\u001A\u0007\u0001\u0000", "application/x-rar-compressed"},
            {"\u0000asm", "application/wasm"},
    };

    private ContentSniffer() {
    }

    /** The type of the bytes between the buffer's position and limit (not consumed). */
    static String detect(ByteBuffer buffer) {
        int n = Math.min(buffer.remaining(), SNIFF_LEN);
        byte[] data = new byte[n];
        buffer.duplicate().get(data);
        return detect(data);
    }

    static String detect(byte[] data) {
        int ws = 0;
        while (ws < data.length && isWhitespace(data[ws])) {
            ws++;
        }
        for (String tag : HTML_TAGS) {
            if (htmlTag(data, ws, tag)) {
                return HTML;
            }
        }
        if (startsWithIgnoreCase(data, ws, "<?xml")) {
            return "text/xml; charset=utf-8";
        }
        if (data.length >= 2 && u(data[0]) == 0xFE && u(data[1]) == 0xFF) {
            return "text/plain; charset=utf-16be";
        }
        if (data.length >= 2 && u(data[0]) == 0xFF && u(data[1]) == 0xFE) {
            return "text/plain; charset=utf-16le";
        }
        if (data.length >= 3 && u(data[0]) == 0xEF && u(data[1]) == 0xBB && u(data[2]) == 0xBF) {
            return "text/plain; charset=utf-8";
        }
        for (Object[] sig : EXACT) {
            if (startsWith(data, 0, (String) sig[0])) {
                return (String) sig[1];
            }
        }
        if (riff(data, "WEBPVP")) {
            return "image/webp";
        }
        if (riff(data, "AVI ")) {
            return "video/avi";
        }
        if (riff(data, "WAVE")) {
            return "audio/wave";
        }
        if (data.length >= 12 && startsWith(data, 0, "FORM") && startsWith(data, 8, "AIFF")) {
            return "audio/aiff";
        }
        if (mp4(data)) {
            return "video/mp4";
        }
        for (byte b : data) {
            int c = u(b);
            if (c <= 0x08 || c == 0x0B || c >= 0x0E && c <= 0x1A || c >= 0x1C && c <= 0x1F) {
                return "application/octet-stream";
            }
        }
        return "text/plain; charset=utf-8";
    }

    private static boolean riff(byte[] data, String kind) {
        return data.length >= 8 + kind.length() && startsWith(data, 0, "RIFF") && startsWith(data, 8, kind);
    }

    private static boolean mp4(byte[] data) {
        if (data.length < 12) {
            return false;
        }
        long boxSize = (long) u(data[0]) << 24 | u(data[1]) << 16 | u(data[2]) << 8 | u(data[3]);
        if (data.length < boxSize || boxSize % 4 != 0 || !startsWith(data, 4, "ftyp")) {
            return false;
        }
        for (int st = 8; st < boxSize; st += 4) {
            if (st == 12) {
                continue;
            }
            if (startsWith(data, st, "mp4")) {
                return true;
            }
        }
        return false;
    }

    /** Go's htmlSig: the tag, case-insensitively, then a space or '>'. */
    private static boolean htmlTag(byte[] data, int from, String tag) {
        if (!startsWithIgnoreCase(data, from, tag) || data.length <= from + tag.length()) {
            return false;
        }
        int next = u(data[from + tag.length()]);
        return next == ' ' || next == '>';
    }

    private static boolean startsWith(byte[] data, int from, String sig) {
        if (data.length < from + sig.length()) {
            return false;
        }
        for (int i = 0; i < sig.length(); i++) {
            if (u(data[from + i]) != sig.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] data, int from, String sig) {
        if (data.length < from + sig.length()) {
            return false;
        }
        for (int i = 0; i < sig.length(); i++) {
            int c = u(data[from + i]);
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            int s = sig.charAt(i);
            if (s >= 'a' && s <= 'z') {
                s -= 32;
            }
            if (c != s) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(byte b) {
        return b == '\t' || b == '\n' || b == 0x0C || b == '\r' || b == ' ';
    }

    private static int u(byte b) {
        return b & 0xFF;
    }
}
