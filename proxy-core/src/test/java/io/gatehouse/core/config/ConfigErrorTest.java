package io.gatehouse.core.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigErrorTest {

    @Test
    void reads_path_message_and_value() {
        assertThat(new ConfigError("http.routers.web.rule", "Host(", "unbalanced parentheses"))
                .hasToString("http.routers.web.rule: unbalanced parentheses (got 'Host(')");
        assertThat(new ConfigError(null, null, "no entry point")).hasToString("no entry point");
    }

    /** A name or value from a configuration cannot start a new log line or hide text behind a control character. */
    @Test
    void control_characters_of_path_and_value_are_escaped_on_one_line() {
        ConfigError error = new ConfigError("http.services.s.headers.X-A\r\nB", "v\n2026-11-29 ERROR forged\u0000\u001b[2J\t",
                "must not contain CR, LF or NUL");
        assertThat(error.toString())
                .isEqualTo("http.services.s.headers.X-A\\r\\nB: must not contain CR, LF or NUL"
                        + " (got 'v\\n2026-11-29 ERROR forged\\u0000\\u001b[2J\\t')")
                .doesNotContain("\n", "\r", "\u0000", "\u001b");
        assertThat(error.path()).isEqualTo("http.services.s.headers.X-A\r\nB"); // the record keeps what was written
    }

    @Test
    void text_without_control_characters_is_unchanged() {
        ConfigError error = new ConfigError("http.routers.ünïcode", "é \u00a0 ~", "bad");
        assertThat(error.toString()).isEqualTo("http.routers.ünïcode: bad (got 'é \u00a0 ~')");
    }
}
