package io.gatehouse.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleTemplateTest {

    private static final RuleTemplate.Model MODEL = new RuleTemplate.Model("web-shop", "shop_web_1",
            Map.of("com.docker.compose.service", "web", "domain", "example.com", "tier", "Front"));

    private static String render(String template) throws InvalidTemplateException {
        return RuleTemplate.parse(template).execute(MODEL);
    }

    @Test
    void traefiksDefaultRule() throws Exception {
        assertThat(render(DockerProviderConfig.DEFAULT_RULE)).isEqualTo("Host(`web-shop`)");
        assertThat(RuleTemplate.parse(DockerProviderConfig.DEFAULT_RULE)
                .execute(new RuleTemplate.Model("my_app.v2", "x", Map.of()))).isEqualTo("Host(`my-app-v2`)");
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
            "Host(`{{ .Name }}.{{ index .Labels \"domain\" }}`) => Host(`web-shop.example.com`)",
            "Host(`{{ index .Labels \"com.docker.compose.service\" }}.example.com`) => Host(`web.example.com`)",
            "Host(`{{ .ContainerName }}`) => Host(`shop_web_1`)",
            "Host(`{{ normalize .ContainerName }}`) => Host(`shop-web-1`)",
            "Host(`{{ .Labels.domain }}`) => Host(`example.com`)",
            "Host(`{{ .Labels.missing }}x`) => Host(`x`)",
            "Host(`{{ index .Labels `missing` }}x`) => Host(`x`)",
            "Host(`{{ .Name | upper }}`) => Host(`WEB-SHOP`)",
            "Host(`{{ .Labels.tier | lower }}`) => Host(`front`)",
            "Host(`{{ lower (index .Labels \"tier\") }}`) => Host(`front`)",
            "Host(`{{ trimPrefix \"shop_\" .ContainerName }}`) => Host(`web_1`)",
            "Host(`{{ .ContainerName | trimSuffix \"_1\" }}`) => Host(`shop_web`)",
            "Host(`a`)  {{- /* a comment */ -}}   => Host(`a`)",
            "Host(`x`) {{- \" y\" }} => Host(`x`) y",
            "no actions at all => no actions at all",
    })
    void whatTraefikUsersWrite(String template, String expected) throws Exception {
        assertThat(render(template)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Host(`{{ .Name }`)",
            "Host(`{{ }}`)",
            "{{ .Foo }}",
            "{{ .name }}",
            "{{ printf \"%s\" .Name }}",
            "{{ if .Name }}x{{ end }}",
            "{{ range .Labels }}x{{ end }}",
            "{{ .Name .Name }}",
            "{{ \"unterminated }}",
            "{{ (normalize .Name }}",
            "{{ .Name.x }}",
            "{{ .Labels. }}",
            "{{ $x := .Name }}",
            "{{ .Name | }}",
            "{{ normalize .Name | index }}x{{ \"\\q\" }}",
    })
    void unsupportedOrBrokenTemplatesAreRefusedWithAReason(String template) {
        assertThatThrownBy(() -> RuleTemplate.parse(template))
                .isInstanceOf(InvalidTemplateException.class)
                .hasMessageMatching("(?s).+");
    }

    @Test
    void errorsSayWhatIsSupported() {
        assertThatThrownBy(() -> RuleTemplate.parse("Host(`{{ printf \"%s\" .Name }}`)"))
                .hasMessageContaining("unsupported function or keyword 'printf'")
                .hasMessageContaining("normalize, index");
        assertThatThrownBy(() -> RuleTemplate.parse("{{ .Image }}"))
                .hasMessageContaining("unknown field '.Image'").hasMessageContaining(".Name, .ContainerName, .Labels");
        assertThatThrownBy(() -> RuleTemplate.parse(null)).isInstanceOf(InvalidTemplateException.class);
    }

    @Test
    void wrongArgumentsFailWhenRendered() throws Exception {
        for (String t : new String[] {"{{ normalize .Labels }}", "{{ index .Name \"x\" }}", "{{ normalize }}",
                "{{ trimPrefix \"a\" }}", "{{ index .Labels }}"}) {
            RuleTemplate parsed = RuleTemplate.parse(t);
            assertThatThrownBy(() -> parsed.execute(MODEL)).as(t).isInstanceOf(InvalidTemplateException.class);
        }
    }

    @Test
    void printingTheLabelsMapLooksLikeGo() throws Exception {
        assertThat(RuleTemplate.parse("{{ .Labels }}").execute(new RuleTemplate.Model("n", "c", Map.of("b", "2", "a", "1"))))
                .isEqualTo("map[a:1 b:2]");
    }

    @Test
    void normalizeMatchesTraefik() {
        assertThat(DockerNames.normalize("/my_app-1.example")).isEqualTo("my-app-1-example");
        assertThat(DockerNames.normalize("__a__")).isEqualTo("a");
        assertThat(DockerNames.normalize("héllo wörld")).isEqualTo("héllo-wörld");
        assertThat(DockerNames.normalize("--")).isEmpty();
        assertThat(DockerNames.normalize("Ⅻ-٣")).isEqualTo("Ⅻ-٣");
    }
}
