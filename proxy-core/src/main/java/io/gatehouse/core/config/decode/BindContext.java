package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.config.decode.ConfigNode.ValueNode;

import java.util.ArrayList;
import java.util.List;

/** Collects errors and warnings while a tree is bound; one per decode. */
final class BindContext {

    final List<ConfigError> errors = new ArrayList<>();
    final List<ConfigError> warnings = new ArrayList<>();
    /** Label-only conveniences (Traefik's {@code loadbalancer.server.*}) apply. */
    final boolean labels;

    /**
     * Upper bound on binding work (map entries and list items visited). YAML aliases let a small
     * file describe a huge tree; like go-yaml's alias check, we stop instead of expanding it.
     */
    static final long MAX_WORK = 5_000_000;
    private long work;

    BindContext(boolean labels) {
        this.labels = labels;
    }

    /** Counts {@code units} of work; throws {@link TooLarge} past {@link #MAX_WORK}. */
    void spend(int units) {
        work += units;
        if (work > MAX_WORK) {
            throw new TooLarge();
        }
    }

    /** Thrown by {@link #spend} and caught by the decoder, which reports it as an error. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("configuration too large", null, false, false);
        }
    }

    void error(String path, ConfigNode at, String message) {
        errors.add(new ConfigError(path, valueOf(at), message, at == null ? null : at.location()));
    }

    void error(String path, String value, String message, SourceLocation location) {
        errors.add(new ConfigError(path, value, message, location));
    }

    void warn(String path, ConfigNode at, String message) {
        warnings.add(new ConfigError(path, null, message, at == null ? null : at.location()));
    }

    static String valueOf(ConfigNode node) {
        if (node instanceof ValueNode v) {
            String text = v.text();
            return text != null && text.length() > 200 ? text.substring(0, 200) + "..." : text;
        }
        return null;
    }
}
