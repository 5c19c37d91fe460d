/** Pieces of the configuration pipeline that providers and tools share (Traefik's {@code chain}). */
package io.gatehouse.core.pipeline;
