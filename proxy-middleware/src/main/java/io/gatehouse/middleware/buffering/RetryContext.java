package io.gatehouse.middleware.buffering;

import io.gatehouse.middleware.expression.Function;

import java.util.List;

/** What a retryExpression sees: the tries so far, the failure's status, and whether it was a network error. */
record RetryContext(int attempts, int responseCode, boolean networkError) {

    static final List<Function<RetryContext>> FUNCTIONS = List.of(
            Function.numeric("Attempts", RetryContext::attempts),
            Function.numeric("ResponseCode", RetryContext::responseCode),
            Function.condition("IsNetworkError", RetryContext::networkError));
}
