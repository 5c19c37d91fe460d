package io.gatehouse.core.rule;

/** Traefik's {@code ruleSyntax}: v3 by default, v2 for configurations written for Traefik 2. */
public enum RuleSyntax {
    V3,
    V2
}
