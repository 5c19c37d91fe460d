package io.gatehouse.core.middleware;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** A second test-only type: free-form settings, nested records, and an option named by annotation. */
public final class TestPluginMiddlewareType implements MiddlewareType<TestPluginMiddlewareType.Options> {

    public record Rule(String path, int weight) {
    }

    public record Options(Map<String, Object> settings, @JsonProperty("default") String defaultValue,
                          List<Rule> rules, Rule main, Long limit) {
    }

    @Override
    public String name() {
        return "testPlugin";
    }

    @Override
    public Class<Options> configType() {
        return Options.class;
    }

    @Override
    public Middleware create(Options config, MiddlewareContext ctx) {
        return next -> next;
    }
}
