package io.gatehouse.middleware.compress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Traefik's {@code compress} options.
 *
 * @param encodings            the encodings offered, in the server's order of preference (default gzip, br, zstd)
 * @param defaultEncoding      used when the request has no Accept-Encoding, or for {@code *} (default none)
 * @param minResponseBodyBytes bodies smaller than this are sent as they are (default 1024)
 * @param includedContentTypes compress only these response types (exclusive with excludedContentTypes)
 * @param excludedContentTypes never compress these response types
 */
public record CompressConfig(List<String> encodings, String defaultEncoding, long minResponseBodyBytes,
                             List<String> includedContentTypes, List<String> excludedContentTypes) {

    public static final List<String> SUPPORTED = List.of("gzip", "br", "zstd");
    /** Above this the look-ahead per response would be a memory risk; Traefik has no cap. */
    public static final long MAX_MIN_RESPONSE_BODY_BYTES = 16L * 1024 * 1024;

    public static final CompressConfig DEFAULTS = new CompressConfig(SUPPORTED, null, 1024, List.of(), List.of());

    public CompressConfig {
        if (encodings == null) {
            encodings = SUPPORTED;
        }
        if (encodings.isEmpty()) {
            throw new IllegalArgumentException("encodings: at least one encoding is needed; supported: gzip, br, zstd");
        }
        List<String> normalized = new ArrayList<>();
        for (int i = 0; i < encodings.size(); i++) {
            String e = encodings.get(i) == null ? "" : encodings.get(i).trim().toLowerCase(Locale.ROOT);
            if (!SUPPORTED.contains(e)) {
                throw new IllegalArgumentException("encodings[" + i + "]: unsupported encoding '" + encodings.get(i)
                        + "'; supported: gzip, br, zstd");
            }
            if (!normalized.contains(e)) {
                normalized.add(e);
            }
        }
        encodings = List.copyOf(normalized);
        if (defaultEncoding != null && defaultEncoding.isBlank()) {
            defaultEncoding = null;
        }
        if (defaultEncoding != null) {
            defaultEncoding = defaultEncoding.trim().toLowerCase(Locale.ROOT);
            if (!encodings.contains(defaultEncoding)) {
                throw new IllegalArgumentException("defaultEncoding: '" + defaultEncoding
                        + "' is not one of the encodings " + encodings);
            }
        }
        if (minResponseBodyBytes < 0) {
            throw new IllegalArgumentException("minResponseBodyBytes must be 0 (the default, 1024) or more (got "
                    + minResponseBodyBytes + ")");
        }
        if (minResponseBodyBytes == 0) {
            minResponseBodyBytes = 1024;
        }
        if (minResponseBodyBytes > MAX_MIN_RESPONSE_BODY_BYTES) {
            throw new IllegalArgumentException("minResponseBodyBytes must be at most " + MAX_MIN_RESPONSE_BODY_BYTES
                    + " (got " + minResponseBodyBytes + ")");
        }
        includedContentTypes = includedContentTypes == null ? List.of() : List.copyOf(includedContentTypes);
        excludedContentTypes = excludedContentTypes == null ? List.of() : List.copyOf(excludedContentTypes);
        if (!includedContentTypes.isEmpty() && !excludedContentTypes.isEmpty()) {
            throw new IllegalArgumentException("includedContentTypes and excludedContentTypes are mutually exclusive");
        }
        checkTypes("includedContentTypes", includedContentTypes);
        checkTypes("excludedContentTypes", excludedContentTypes);
    }

    private static void checkTypes(String option, List<String> types) {
        for (int i = 0; i < types.size(); i++) {
            if (!MediaType.isWellFormed(types.get(i))) {
                throw new IllegalArgumentException(option + "[" + i + "]: not a media type such as text/html or text/html; charset=utf-8 (got '"
                        + types.get(i) + "')");
            }
        }
    }

    public CompressConfig withEncodings(String... encodings) {
        return new CompressConfig(List.of(encodings), defaultEncoding, minResponseBodyBytes,
                includedContentTypes, excludedContentTypes);
    }

    public CompressConfig withMinResponseBodyBytes(long bytes) {
        return new CompressConfig(encodings, defaultEncoding, bytes, includedContentTypes, excludedContentTypes);
    }

    public CompressConfig withDefaultEncoding(String encoding) {
        return new CompressConfig(encodings, encoding, minResponseBodyBytes, includedContentTypes, excludedContentTypes);
    }

    public CompressConfig withExcludedContentTypes(String... types) {
        return new CompressConfig(encodings, defaultEncoding, minResponseBodyBytes, List.of(), List.of(types));
    }

    public CompressConfig withIncludedContentTypes(String... types) {
        return new CompressConfig(encodings, defaultEncoding, minResponseBodyBytes, List.of(types), List.of());
    }
}
