package io.gatehouse.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Immutable copies of configuration lists that keep null entries: YAML {@code servers: [~]} is a
 * null entry, and it must reach validation as "servers[1]: must have a url", not fail in a record's
 * constructor with a NullPointerException.
 */
public final class ConfigLists {

    private ConfigLists() {
    }

    public static <T> List<T> copy(List<T> list) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(list));
    }
}
