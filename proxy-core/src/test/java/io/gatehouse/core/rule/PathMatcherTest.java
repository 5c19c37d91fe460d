package io.gatehouse.core.rule;

import static io.gatehouse.core.rule.Rules.rejects;
import static io.gatehouse.core.rule.Rules.v3;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Examples from Traefik's documentation of Path, PathPrefix and PathRegexp. */
class PathMatcherTest {

    @Test
    void pathMatchesExactly() throws Exception {
        String rule = "Path(`/products`)";
        assertThat(v3(rule, TestRequest.path("/products"))).isTrue();
        assertThat(v3(rule, TestRequest.path("/products/shoes"))).isFalse();
        assertThat(v3(rule, TestRequest.path("/products/"))).isFalse();
        assertThat(v3(rule, TestRequest.path("/Products"))).isFalse();
    }

    @Test
    void pathPrefixIsAPlainStringPrefix() throws Exception {
        String rule = "PathPrefix(`/products`)";
        assertThat(v3(rule, TestRequest.path("/products"))).isTrue();
        assertThat(v3(rule, TestRequest.path("/products/shoes"))).isTrue();
        assertThat(v3(rule, TestRequest.path("/products/"))).isTrue();
        assertThat(v3(rule, TestRequest.path("/products-for-sale"))).isTrue();
        assertThat(v3(rule, TestRequest.path("/product"))).isFalse();
        assertThat(v3("PathPrefix(`/`)", TestRequest.path("/anything"))).isTrue();
    }

    @Test
    void pathPrefixDoesNotInterpretRegexOrTemplates() throws Exception {
        assertThat(v3("PathPrefix(`/a.b`)", TestRequest.path("/axb"))).isFalse();
        assertThat(v3("PathPrefix(`/a.b`)", TestRequest.path("/a.b/c"))).isTrue();
    }

    @Test
    void pathRegexpIsUnanchored() throws Exception {
        String products = "PathRegexp(`^/products/(shoes|socks)/[0-9]+$`)";
        assertThat(v3(products, TestRequest.path("/products/shoes/31"))).isTrue();
        assertThat(v3(products, TestRequest.path("/products/hats/31"))).isFalse();
        assertThat(v3("PathRegexp(`\\.(jpeg|jpg|png)$`)", TestRequest.path("/img/cat.png"))).isTrue();
        assertThat(v3("PathRegexp(`\\.(jpeg|jpg|png)$`)", TestRequest.path("/img/cat.png.txt"))).isFalse();
        assertThat(v3("PathRegexp(`(?i)^/products`)", TestRequest.path("/PRODUCTS-for-sale"))).isTrue();
        assertThat(v3("PathRegexp(`items`)", TestRequest.path("/a/items/b"))).isTrue();
    }

    @Test
    void pathRegexpNeedNotStartWithASlash() throws Exception {
        assertThat(v3("PathRegexp(`[0-9]+`)", TestRequest.path("/v2"))).isTrue();
    }

    @Test
    void pathAndPathPrefixMustStartWithASlash() {
        rejects("Path(`products`)", 5, "`products`").hasMessageContaining("does not start with '/'");
        rejects("PathPrefix(`api`)", 11, "`api`").hasMessageContaining("does not start with '/'");
    }

    @Test
    void regexUsesRe2SemanticsAndRejectsBackreferences() {
        rejects("PathRegexp(`(a)\\1`)", 11, "`(a)\\1`")
                .hasMessageContaining("invalid regular expression '(a)\\1' for PathRegexp")
                .hasMessageContaining("RE2");
    }

    @Test
    void lookaroundIsRejected() {
        rejects("Path(`/a`) && PathRegexp(`^/(?!admin)`)", 25, "`^/(?!admin)`")
                .hasMessageContaining("PathRegexp");
        rejects("HeaderRegexp(`X`, `a(?=b)`)", 18, "`a(?=b)`").hasMessageContaining("HeaderRegexp");
        rejects("HostRegexp(`(?<=a)b`)", 11, "`(?<=a)b`").hasMessageContaining("HostRegexp");
        rejects("QueryRegexp(`k`, `[a-`)", 17, "`[a-`").hasMessageContaining("QueryRegexp");
    }

    @Test
    void re2RepetitionIsLinearNotCatastrophic() throws Exception {
        // (a+)+$ backtracks exponentially in java.util.regex; RE2 answers at once.
        String input = "/" + "a".repeat(5_000) + "!";
        assertThat(v3("PathRegexp(`^/(a+)+$`)", TestRequest.path(input))).isFalse();
    }
}
