package io.gatehouse.core.config.statics;

/**
 * {@code providers.file}: exactly one of {@code filename} and {@code directory} is set.
 *
 * @param filename  one dynamic configuration file
 * @param directory a directory of dynamic configuration files
 * @param watch     reload on change (default true)
 */
public record FileProviderConfig(String filename, String directory, boolean watch) {
}
