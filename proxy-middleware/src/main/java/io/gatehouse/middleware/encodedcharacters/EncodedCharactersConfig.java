package io.gatehouse.middleware.encodedcharacters;

/**
 * {@code encodedCharacters}: Traefik's options; every one defaults to false (the escape is refused).
 *
 * @param allowEncodedSlash         {@code %2F} / {@code %2f}
 * @param allowEncodedBackSlash     {@code %5C} / {@code %5c} (the router refuses these anyway)
 * @param allowEncodedNullCharacter {@code %00} (the router refuses it anyway)
 * @param allowEncodedSemicolon     {@code %3B} / {@code %3b}
 * @param allowEncodedPercent       {@code %25}
 * @param allowEncodedQuestionMark  {@code %3F} / {@code %3f}
 * @param allowEncodedHash          {@code %23}
 */
public record EncodedCharactersConfig(boolean allowEncodedSlash, boolean allowEncodedBackSlash,
                                      boolean allowEncodedNullCharacter, boolean allowEncodedSemicolon,
                                      boolean allowEncodedPercent, boolean allowEncodedQuestionMark,
                                      boolean allowEncodedHash) {

    /** Everything refused, as Traefik's defaults. */
    public static final EncodedCharactersConfig DEFAULTS =
            new EncodedCharactersConfig(false, false, false, false, false, false, false);
}
