package io.gatehouse.core.routing;

import io.gatehouse.core.rule.Rule;

/** A route with its position in the table's global order (0 is tried first). */
record RankedRoute(int rank, Route route, Rule rule) {
}
