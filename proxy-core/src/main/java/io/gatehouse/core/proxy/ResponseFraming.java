package io.gatehouse.core.proxy;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * The message framing headers of a server's response, checked before it is relayed (RFC 9112 6.3): with
 * Transfer-Encoding, Content-Length is dropped (the body is chunked; relaying both invites smuggling);
 * identical Content-Length values are collapsed into one; differing or non-numeric ones make the response
 * invalid.
 */
final class ResponseFraming {

    private ResponseFraming() {
    }

    /** Normalizes the headers in place; false when the response is invalid and must become a 502. */
    static boolean normalize(HeaderMap headers) {
        HeaderValues lengths = headers.get(Headers.CONTENT_LENGTH);
        if (lengths == null) {
            return true;
        }
        if (headers.contains(Headers.TRANSFER_ENCODING)) {
            headers.remove(Headers.CONTENT_LENGTH);
            return true;
        }
        if (lengths.size() == 1 && isDigits(lengths.getFirst())) {
            return true; // the usual case: nothing to do, nothing allocated
        }
        String length = null;
        for (String value : lengths) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String token = value.substring(start, end).trim();
                if (!isDigits(token) || length != null && !length.equals(token)) {
                    return false;
                }
                length = token;
                start = end + 1;
            }
        }
        headers.put(Headers.CONTENT_LENGTH, length);
        return true;
    }

    private static boolean isDigits(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
