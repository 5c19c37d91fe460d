package io.gatehouse.middleware.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CacheControlTest {

    @Test
    void readsEveryDirective() {
        CacheControl cc = CacheControl.parse("public, max-age=60, s-maxage=30, must-revalidate, proxy-revalidate,"
                + " no-cache, no-store, private, min-fresh=5, max-stale=7, only-if-cached,"
                + " stale-while-revalidate=9, stale-if-error=11");
        assertThat(cc).isEqualTo(new CacheControl(true, true, true, true, 60, 30, true, true, 5, 7, true, 9, 11));
    }

    @Test
    void absentHeaderIsNone() {
        assertThat(CacheControl.parse((String) null)).isEqualTo(CacheControl.NONE);
        assertThat(CacheControl.parse("")).isEqualTo(CacheControl.NONE);
        assertThat(CacheControl.parse((io.undertow.util.HeaderValues) null)).isEqualTo(CacheControl.NONE);
    }

    @Test
    void namesAreCaseInsensitiveAndSpacingIsTolerated() {
        CacheControl cc = CacheControl.parse("  MAX-AGE = 10 ,Public,,, ");
        assertThat(cc.maxAge()).isEqualTo(10);
        assertThat(cc.isPublic()).isTrue();
    }

    @Test
    void quotedValuesAndQualifiedFormsAreRead() {
        CacheControl cc = CacheControl.parse("max-age=\"20\", private=\"Set-Cookie, X-Id\", no-cache=\"a\"");
        assertThat(cc.maxAge()).isEqualTo(20);
        assertThat(cc.isPrivate()).isTrue();
        assertThat(cc.noCache()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=abc", "max-age=-5", "max-age=", "max-age", "max-age=1.5", "max-age=10, max-age=20"})
    void malformedOrConflictingDeltaSecondsMeanZero(String header) {
        assertThat(CacheControl.parse(header).maxAge()).isZero();
    }

    @Test
    void aRepeatedEqualValueCountsAsZeroToo() {
        assertThat(CacheControl.parse("max-age=10, max-age=10").maxAge()).isZero();
    }

    @Test
    void hugeValuesAreCappedAt2To31() {
        assertThat(CacheControl.parse("max-age=99999999999999999999999999").maxAge()).isEqualTo(2147483648L);
    }

    @Test
    void maxStaleWithoutValueMeansAnyStaleness() {
        assertThat(CacheControl.parse("max-stale").maxStale()).isEqualTo(2147483648L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "==,=", "\"", "max-age=\"", "max-age=\"12", ",,,,", "x=\"\\", "\u0000\u00ff", "a b c d"})
    void hostileInputNeverThrows(String header) {
        CacheControl cc = CacheControl.parse(header);
        assertThat(cc).isNotNull();
        assertThat(cc.noStore()).isFalse();
    }

    @Test
    void unknownExtensionsAreIgnored() {
        assertThat(CacheControl.parse("immutable, community=\"UCI\", foo=bar")).isEqualTo(CacheControl.NONE);
    }

    @Test
    void aLongHeaderIsReadInOnePass() {
        String header = "x, ".repeat(100_000) + "max-age=5";
        assertThat(CacheControl.parse(header).maxAge()).isEqualTo(5);
    }
}
