package io.gatehouse.core.middleware;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The middleware types known to a decoder, by case-insensitive name. {@link #load()} finds them
 * with {@link ServiceLoader}; {@link #of(Collection)} is for code that registers its own.
 */
public final class MiddlewareTypes {

    private final Map<String, MiddlewareType<?>> byLowerName;

    private MiddlewareTypes(Map<String, MiddlewareType<?>> byLowerName) {
        this.byLowerName = Collections.unmodifiableMap(byLowerName);
    }

    /** Every type on the class path (thread context class loader, else this class's loader). */
    public static MiddlewareTypes load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader == null ? MiddlewareTypes.class.getClassLoader() : loader);
    }

    /**
     * Every type {@code loader} can see. A provider that cannot be instantiated is skipped rather than
     * failing every configuration; a name registered twice keeps the first one found.
     */
    public static MiddlewareTypes load(ClassLoader loader) {
        List<MiddlewareType<?>> found = new ArrayList<>();
        var iterator = ServiceLoader.load(MiddlewareType.class, loader).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                found.add(iterator.next());
            } catch (ServiceConfigurationError broken) {
                org.slf4j.LoggerFactory.getLogger(MiddlewareTypes.class)
                        .warn("Skipping a middleware type that cannot be loaded: {}", broken.getMessage());
            }
        }
        return of(found);
    }

    public static MiddlewareTypes of(Collection<? extends MiddlewareType<?>> types) {
        Map<String, MiddlewareType<?>> map = new TreeMap<>();
        for (MiddlewareType<?> type : types) {
            map.putIfAbsent(type.name().toLowerCase(Locale.ROOT), type);
        }
        return new MiddlewareTypes(map);
    }

    public static MiddlewareTypes none() {
        return of(List.of());
    }

    /** The type named {@code name}, ignoring case. */
    public Optional<MiddlewareType<?>> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byLowerName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The registered names as the types spell them, sorted. */
    public List<String> names() {
        return byLowerName.values().stream().map(MiddlewareType::name).sorted().toList();
    }
}
