package io.gatehouse.core.rule;

/** A compiled piece of a rule together with the hosts it can match. */
record RuleNode(Rule rule, HostScope hosts) {
}
