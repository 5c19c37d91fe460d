package io.gatehouse.core.server;

/**
 * A configuration item and the provider it came from: references inside it resolve against that
 * provider ({@code auth} in a file means {@code auth@file}).
 */
record Owned<T>(String provider, T value) {

    /** {@code ref} as a qualified name: unchanged when it names a provider, else in the owner's. */
    String qualify(String ref) {
        return QualifiedNames.qualify(ref, provider);
    }
}
