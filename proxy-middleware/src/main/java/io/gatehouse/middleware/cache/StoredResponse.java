package io.gatehouse.middleware.cache;

import io.undertow.util.DateUtils;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * One stored response, immutable and ready to serve: headers as parallel arrays, the body as a read-only buffer
 * that each hit duplicates (no copy), the freshness lifetime and the age at arrival computed once
 * (RFC 9111 4.2.1 and 4.2.3). Times are milliseconds of the middleware's clock.
 */
final class StoredResponse {

    final int status;
    final HttpString[] headerNames;
    final String[] headerValues;
    final ByteBuffer body;
    final String contentLength;
    final long responseTime;
    final long correctedInitialAge;
    final long lifetime;
    final CacheControl cc;
    final String etag;
    final String lastModified;
    final long lastModifiedMillis;
    final HttpString[] varyNames;
    final String[] varyValues;
    /** public, s-maxage or must-revalidate: may answer a request with Authorization (RFC 9111 3.5). */
    final boolean authorizedUse;
    final int weight;

    private StoredResponse(int status, HttpString[] headerNames, String[] headerValues, ByteBuffer body,
                           long ageValue, long requestTime, long responseTime, HeaderMap requestHeaders,
                           Freshness freshness) {
        this.status = status;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
        this.body = body;
        this.contentLength = Integer.toString(body.remaining());
        this.responseTime = responseTime;
        this.cc = CacheControl.parse(joined(Headers.CACHE_CONTROL));
        this.etag = first(Headers.ETAG);
        this.lastModified = first(Headers.LAST_MODIFIED);
        Date lm = lastModified == null ? null : DateUtils.parseDate(lastModified);
        this.lastModifiedMillis = lm == null ? -1 : lm.getTime();
        long dateValue = dateValue(responseTime);
        long apparentAge = Math.max(0, responseTime - dateValue);
        long correctedAgeValue = ageValue + (responseTime - requestTime);
        this.correctedInitialAge = Math.max(apparentAge, correctedAgeValue);
        this.lifetime = freshness.lifetime(status, cc, dateValue, this);
        String vary = joined(Headers.VARY);
        if (vary == null) {
            this.varyNames = new HttpString[0];
            this.varyValues = new String[0];
        } else {
            List<HttpString> names = new ArrayList<>();
            for (String name : vary.split(",")) {
                String trimmed = name.trim();
                if (!trimmed.isEmpty()) {
                    names.add(HttpString.tryFromString(trimmed));
                }
            }
            this.varyNames = names.toArray(new HttpString[0]);
            this.varyValues = new String[varyNames.length];
            for (int i = 0; i < varyNames.length; i++) {
                varyValues[i] = requestValue(requestHeaders, varyNames[i]);
            }
        }
        this.authorizedUse = cc.isPublic() || cc.sMaxAge() >= 0 || cc.mustRevalidate();
        long headerBytes = 0;
        for (int i = 0; i < headerNames.length; i++) {
            headerBytes += headerNames[i].length() + headerValues[i].length() * 2L + 48;
        }
        this.weight = (int) Math.min(Integer.MAX_VALUE, body.capacity() + headerBytes + 256);
    }

    /** Freshness lifetime policy (explicit or heuristic), fixed when the middleware is built. */
    interface Freshness {
        long lifetime(int status, CacheControl cc, long dateValue, StoredResponse response);
    }

    static StoredResponse of(int status, HttpString[] names, String[] values, ByteBuffer body, long requestTime,
                             long responseTime, HeaderMap requestHeaders, Freshness freshness) {
        long ageValue = ageValue(names, values);
        List<HttpString> outNames = new ArrayList<>();
        List<String> outValues = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(Headers.AGE)) {
                outNames.add(names[i]);
                outValues.add(values[i]);
            }
        }
        return new StoredResponse(status, outNames.toArray(new HttpString[0]), outValues.toArray(new String[0]),
                body.asReadOnlyBuffer(), ageValue, requestTime, responseTime, requestHeaders, freshness);
    }

    /** RFC 9111 4.3.4: the headers of a 304 replace the stored ones of the same name; the body stays. */
    StoredResponse refreshed(HttpString[] names, String[] values, long requestTime, long responseTime,
                             HeaderMap requestHeaders, Freshness freshness) {
        List<HttpString> outNames = new ArrayList<>();
        List<String> outValues = new ArrayList<>();
        for (int i = 0; i < headerNames.length; i++) {
            if (!contains(names, headerNames[i])) {
                outNames.add(headerNames[i]);
                outValues.add(headerValues[i]);
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(Headers.AGE) && !names[i].equals(Headers.CONTENT_LENGTH)) {
                outNames.add(names[i]);
                outValues.add(values[i]);
            }
        }
        return new StoredResponse(status, outNames.toArray(new HttpString[0]), outValues.toArray(new String[0]),
                body, ageValue(names, values), requestTime, responseTime, requestHeaders, freshness);
    }

    long currentAge(long now) {
        return correctedInitialAge + Math.max(0, now - responseTime);
    }

    /** Seconds for the Age header. */
    long ageSeconds(long now) {
        return currentAge(now) / 1000;
    }

    /** Remaining freshness in milliseconds; negative when stale. */
    long ttl(long now) {
        return lifetime - currentAge(now);
    }

    /** Whether a stale copy may be served at all (RFC 9111 4.2.4): not when revalidation is required. */
    boolean mayServeStale() {
        return !cc.noCache() && !cc.mustRevalidate() && !cc.proxyRevalidate() && cc.sMaxAge() < 0;
    }

    boolean hasValidators() {
        return etag != null || lastModified != null;
    }

    /** The selecting header fields of the request match the ones this response was stored for (RFC 9111 4.1). */
    boolean matches(HeaderMap requestHeaders) {
        for (int i = 0; i < varyNames.length; i++) {
            String value = requestValue(requestHeaders, varyNames[i]);
            if (value == null ? varyValues[i] != null : !value.equals(varyValues[i])) {
                return false;
            }
        }
        return true;
    }

    boolean sameVaryNames(StoredResponse other) {
        if (other.varyNames.length != varyNames.length) {
            return false;
        }
        for (int i = 0; i < varyNames.length; i++) {
            if (!varyNames[i].equals(other.varyNames[i])) {
                return false;
            }
        }
        return true;
    }

    boolean sameVariant(StoredResponse other) {
        return sameVaryNames(other) && java.util.Arrays.equals(varyValues, other.varyValues);
    }

    /** A request header's values combined and whitespace-normalized, or null when absent. */
    static String requestValue(HeaderMap headers, HttpString name) {
        HeaderValues values = headers.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String value : values) {
            for (String part : value.split(",")) {
                String trimmed = part.trim();
                if (!trimmed.isEmpty()) {
                    if (out.length() > 0) {
                        out.append(',');
                    }
                    out.append(trimmed);
                }
            }
        }
        return out.toString();
    }

    String first(HttpString name) {
        for (int i = 0; i < headerNames.length; i++) {
            if (headerNames[i].equals(name)) {
                return headerValues[i];
            }
        }
        return null;
    }

    int count(HttpString name) {
        int n = 0;
        for (HttpString h : headerNames) {
            if (h.equals(name)) {
                n++;
            }
        }
        return n;
    }

    String joined(HttpString name) {
        String out = null;
        for (int i = 0; i < headerNames.length; i++) {
            if (headerNames[i].equals(name)) {
                out = out == null ? headerValues[i] : out + "," + headerValues[i];
            }
        }
        return out;
    }

    private long dateValue(long fallback) {
        String date = first(Headers.DATE);
        Date parsed = date == null ? null : DateUtils.parseDate(date);
        return parsed == null ? fallback : parsed.getTime();
    }

    private static long ageValue(HttpString[] names, String[] values) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(Headers.AGE)) {
                return CacheControl.seconds(values[i].trim()) * 1000;
            }
        }
        return 0;
    }

    private static boolean contains(HttpString[] names, HttpString name) {
        for (HttpString n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
