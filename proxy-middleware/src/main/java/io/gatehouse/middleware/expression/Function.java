package io.gatehouse.middleware.expression;

import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * A function an expression may call, such as {@code NetworkErrorRatio()} or {@code Attempts()}.
 * It is bound to its (numeric, constant) arguments once, when the expression is parsed.
 *
 * @param <C> what the expression is evaluated against
 */
public sealed interface Function<C> {

    String name();

    int arity();

    /** A function with a numeric value, compared with {@code > < >= <= == !=}. */
    record Numeric<C>(String name, int arity, Binder<ToDoubleFunction<C>> binder) implements Function<C> {
    }

    /** A function that is a condition by itself, such as {@code IsNetworkError()}. */
    record Condition<C>(String name, int arity, Binder<Predicate<C>> binder) implements Function<C> {
    }

    /** Binds the arguments; throws {@link IllegalArgumentException} with a message for bad ones. */
    @FunctionalInterface
    interface Binder<T> {
        T bind(double[] args);
    }

    static <C> Function<C> numeric(String name, ToDoubleFunction<C> value) {
        return new Numeric<>(name, 0, args -> value);
    }

    static <C> Function<C> numeric(String name, int arity, Binder<ToDoubleFunction<C>> binder) {
        return new Numeric<>(name, arity, binder);
    }

    static <C> Function<C> condition(String name, Predicate<C> value) {
        return new Condition<>(name, 0, args -> value);
    }
}
