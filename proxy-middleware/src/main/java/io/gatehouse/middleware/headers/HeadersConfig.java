package io.gatehouse.middleware.headers;

import io.gatehouse.middleware.support.GoRegex;
import io.gatehouse.middleware.support.Options;

import java.util.List;
import java.util.Map;

/**
 * {@code headers}: Traefik v3's options, with Traefik's names. Custom headers with an empty value are
 * removed. The deprecated {@code sslRedirect} (and {@code sslForceHost} with an {@code sslHost}) would
 * redirect in Traefik and are refused here (use redirectScheme); the other deprecated SSL options are
 * accepted and ignored with a warning, {@code featurePolicy} still sets {@code Feature-Policy}.
 */
public record HeadersConfig(
        Map<String, String> customRequestHeaders,
        Map<String, String> customResponseHeaders,
        boolean accessControlAllowCredentials,
        List<String> accessControlAllowHeaders,
        List<String> accessControlAllowMethods,
        List<String> accessControlAllowOriginList,
        List<String> accessControlAllowOriginListRegex,
        List<String> accessControlExposeHeaders,
        long accessControlMaxAge,
        boolean addVaryHeader,
        List<String> allowedHosts,
        List<String> hostsProxyHeaders,
        Map<String, String> sslProxyHeaders,
        long stsSeconds,
        boolean stsIncludeSubdomains,
        boolean stsPreload,
        boolean forceSTSHeader,
        boolean frameDeny,
        String customFrameOptionsValue,
        boolean contentTypeNosniff,
        boolean browserXssFilter,
        String customBrowserXSSValue,
        String contentSecurityPolicy,
        String contentSecurityPolicyReportOnly,
        String publicKey,
        String referrerPolicy,
        String permissionsPolicy,
        boolean isDevelopment,
        String featurePolicy,
        Boolean sslRedirect,
        Boolean sslTemporaryRedirect,
        String sslHost,
        Boolean sslForceHost) {

    /** Nothing set (Traefik refuses a headers middleware without any option). */
    public static final HeadersConfig DEFAULTS = builder().build();

    public HeadersConfig {
        customRequestHeaders = headerMap("customRequestHeaders", customRequestHeaders);
        customResponseHeaders = headerMap("customResponseHeaders", customResponseHeaders);
        accessControlAllowHeaders = values("accessControlAllowHeaders", accessControlAllowHeaders);
        accessControlAllowMethods = values("accessControlAllowMethods", accessControlAllowMethods);
        accessControlAllowOriginList = values("accessControlAllowOriginList", accessControlAllowOriginList);
        for (int i = 0; i < accessControlAllowOriginList.size(); i++) {
            if (accessControlAllowOriginList.get(i).isEmpty()) {
                throw new IllegalArgumentException("accessControlAllowOriginList[" + i + "]: empty origin (expected e.g. https://example.com or *)");
            }
        }
        accessControlAllowOriginListRegex = Options.list("accessControlAllowOriginListRegex", accessControlAllowOriginListRegex);
        for (int i = 0; i < accessControlAllowOriginListRegex.size(); i++) {
            GoRegex.compile("accessControlAllowOriginListRegex[" + i + "]", accessControlAllowOriginListRegex.get(i));
        }
        accessControlExposeHeaders = values("accessControlExposeHeaders", accessControlExposeHeaders);
        allowedHosts = values("allowedHosts", allowedHosts);
        hostsProxyHeaders = Options.list("hostsProxyHeaders", hostsProxyHeaders);
        for (int i = 0; i < hostsProxyHeaders.size(); i++) {
            Options.headerName("hostsProxyHeaders[" + i + "]", hostsProxyHeaders.get(i));
        }
        sslProxyHeaders = headerMap("sslProxyHeaders", sslProxyHeaders);
        if (stsSeconds < 0) {
            throw new IllegalArgumentException("stsSeconds: must be 0 (no header) or a positive number of seconds (got " + stsSeconds + ")");
        }
        customFrameOptionsValue = text("customFrameOptionsValue", customFrameOptionsValue);
        customBrowserXSSValue = text("customBrowserXSSValue", customBrowserXSSValue);
        contentSecurityPolicy = text("contentSecurityPolicy", contentSecurityPolicy);
        contentSecurityPolicyReportOnly = text("contentSecurityPolicyReportOnly", contentSecurityPolicyReportOnly);
        publicKey = text("publicKey", publicKey);
        referrerPolicy = text("referrerPolicy", referrerPolicy);
        permissionsPolicy = text("permissionsPolicy", permissionsPolicy);
        featurePolicy = text("featurePolicy", featurePolicy);
        sslHost = text("sslHost", sslHost);
        if (Boolean.TRUE.equals(sslRedirect)) {
            throw new IllegalArgumentException("sslRedirect: deprecated in Traefik and not supported: redirect with a "
                    + "redirectScheme middleware (scheme: https) instead");
        }
        if (Boolean.TRUE.equals(sslForceHost) && !sslHost.isEmpty()) {
            throw new IllegalArgumentException("sslForceHost: deprecated in Traefik and not supported: redirect to another "
                    + "host with a redirectRegex middleware instead");
        }
    }

    private static Map<String, String> headerMap(String option, Map<String, String> map) {
        Map<String, String> copy = Options.map(map);
        copy.forEach((name, value) -> {
            Options.headerName(option + "." + name, name);
            Options.headerValue(option + "." + name, value);
        });
        return copy;
    }

    private static List<String> values(String option, List<String> list) {
        List<String> copy = Options.list(option, list);
        for (int i = 0; i < copy.size(); i++) {
            Options.headerValue(option + "[" + i + "]", copy.get(i));
        }
        return copy;
    }

    private static String text(String option, String value) {
        Options.headerValue(option, value);
        return value == null ? "" : value;
    }

    /** Whether any CORS option is set (Traefik's HasCorsHeadersDefined). */
    public boolean hasCors() {
        return accessControlAllowCredentials || !accessControlAllowHeaders.isEmpty() || !accessControlAllowMethods.isEmpty()
                || !accessControlAllowOriginList.isEmpty() || !accessControlAllowOriginListRegex.isEmpty()
                || !accessControlExposeHeaders.isEmpty() || accessControlMaxAge != 0 || addVaryHeader;
    }

    /** Whether a custom request or response header is set. */
    public boolean hasCustom() {
        return !customRequestHeaders.isEmpty() || !customResponseHeaders.isEmpty();
    }

    /** Whether any security option is set (Traefik's HasSecureHeadersDefined, the ignored deprecated ones aside). */
    public boolean hasSecurity() {
        return !allowedHosts.isEmpty() || !hostsProxyHeaders.isEmpty() || !sslProxyHeaders.isEmpty() || stsSeconds != 0
                || stsIncludeSubdomains || stsPreload || forceSTSHeader || frameDeny || !customFrameOptionsValue.isEmpty()
                || contentTypeNosniff || browserXssFilter || !customBrowserXSSValue.isEmpty() || !contentSecurityPolicy.isEmpty()
                || !contentSecurityPolicyReportOnly.isEmpty() || !publicKey.isEmpty() || !referrerPolicy.isEmpty()
                || !featurePolicy.isEmpty() || !permissionsPolicy.isEmpty() || isDevelopment;
    }

    /** The deprecated options given, which are ignored. */
    public List<String> ignoredDeprecatedOptions() {
        List<String> ignored = new java.util.ArrayList<>();
        if (sslRedirect != null) {
            ignored.add("sslRedirect");
        }
        if (sslTemporaryRedirect != null) {
            ignored.add("sslTemporaryRedirect");
        }
        if (!sslHost.isEmpty()) {
            ignored.add("sslHost");
        }
        if (sslForceHost != null) {
            ignored.add("sslForceHost");
        }
        return ignored;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Code-first construction: {@code HeadersConfig.builder().frameDeny(true).customResponseHeader("X-Foo", "bar").build()}. */
    public static final class Builder {
        private final Map<String, String> customRequestHeaders = new java.util.LinkedHashMap<>();
        private final Map<String, String> customResponseHeaders = new java.util.LinkedHashMap<>();
        private boolean accessControlAllowCredentials;
        private List<String> accessControlAllowHeaders = List.of();
        private List<String> accessControlAllowMethods = List.of();
        private List<String> accessControlAllowOriginList = List.of();
        private List<String> accessControlAllowOriginListRegex = List.of();
        private List<String> accessControlExposeHeaders = List.of();
        private long accessControlMaxAge;
        private boolean addVaryHeader;
        private List<String> allowedHosts = List.of();
        private List<String> hostsProxyHeaders = List.of();
        private final Map<String, String> sslProxyHeaders = new java.util.LinkedHashMap<>();
        private long stsSeconds;
        private boolean stsIncludeSubdomains;
        private boolean stsPreload;
        private boolean forceSTSHeader;
        private boolean frameDeny;
        private String customFrameOptionsValue = "";
        private boolean contentTypeNosniff;
        private boolean browserXssFilter;
        private String customBrowserXSSValue = "";
        private String contentSecurityPolicy = "";
        private String contentSecurityPolicyReportOnly = "";
        private String publicKey = "";
        private String referrerPolicy = "";
        private String permissionsPolicy = "";
        private boolean isDevelopment;

        private Builder() {
        }

        public Builder customRequestHeader(String name, String value) { customRequestHeaders.put(name, value); return this; }
        public Builder customResponseHeader(String name, String value) { customResponseHeaders.put(name, value); return this; }
        public Builder accessControlAllowCredentials(boolean v) { accessControlAllowCredentials = v; return this; }
        public Builder accessControlAllowHeaders(String... v) { accessControlAllowHeaders = List.of(v); return this; }
        public Builder accessControlAllowMethods(String... v) { accessControlAllowMethods = List.of(v); return this; }
        public Builder accessControlAllowOriginList(String... v) { accessControlAllowOriginList = List.of(v); return this; }
        public Builder accessControlAllowOriginListRegex(String... v) { accessControlAllowOriginListRegex = List.of(v); return this; }
        public Builder accessControlExposeHeaders(String... v) { accessControlExposeHeaders = List.of(v); return this; }
        public Builder accessControlMaxAge(long v) { accessControlMaxAge = v; return this; }
        public Builder addVaryHeader(boolean v) { addVaryHeader = v; return this; }
        public Builder allowedHosts(String... v) { allowedHosts = List.of(v); return this; }
        public Builder hostsProxyHeaders(String... v) { hostsProxyHeaders = List.of(v); return this; }
        public Builder sslProxyHeader(String name, String value) { sslProxyHeaders.put(name, value); return this; }
        public Builder stsSeconds(long v) { stsSeconds = v; return this; }
        public Builder stsIncludeSubdomains(boolean v) { stsIncludeSubdomains = v; return this; }
        public Builder stsPreload(boolean v) { stsPreload = v; return this; }
        public Builder forceSTSHeader(boolean v) { forceSTSHeader = v; return this; }
        public Builder frameDeny(boolean v) { frameDeny = v; return this; }
        public Builder customFrameOptionsValue(String v) { customFrameOptionsValue = v; return this; }
        public Builder contentTypeNosniff(boolean v) { contentTypeNosniff = v; return this; }
        public Builder browserXssFilter(boolean v) { browserXssFilter = v; return this; }
        public Builder customBrowserXSSValue(String v) { customBrowserXSSValue = v; return this; }
        public Builder contentSecurityPolicy(String v) { contentSecurityPolicy = v; return this; }
        public Builder contentSecurityPolicyReportOnly(String v) { contentSecurityPolicyReportOnly = v; return this; }
        public Builder publicKey(String v) { publicKey = v; return this; }
        public Builder referrerPolicy(String v) { referrerPolicy = v; return this; }
        public Builder permissionsPolicy(String v) { permissionsPolicy = v; return this; }
        public Builder isDevelopment(boolean v) { isDevelopment = v; return this; }

        public HeadersConfig build() {
            return new HeadersConfig(customRequestHeaders, customResponseHeaders, accessControlAllowCredentials,
                    accessControlAllowHeaders, accessControlAllowMethods, accessControlAllowOriginList,
                    accessControlAllowOriginListRegex, accessControlExposeHeaders, accessControlMaxAge, addVaryHeader,
                    allowedHosts, hostsProxyHeaders, sslProxyHeaders, stsSeconds, stsIncludeSubdomains, stsPreload,
                    forceSTSHeader, frameDeny, customFrameOptionsValue, contentTypeNosniff, browserXssFilter,
                    customBrowserXSSValue, contentSecurityPolicy, contentSecurityPolicyReportOnly, publicKey,
                    referrerPolicy, permissionsPolicy, isDevelopment, "", null, null, "", null);
        }
    }
}
