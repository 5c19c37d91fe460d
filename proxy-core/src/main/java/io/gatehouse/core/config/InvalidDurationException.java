package io.gatehouse.core.config;

/** A duration string that is neither a Go duration ({@code 1m30s}) nor a whole number of seconds. */
public class InvalidDurationException extends Exception {

    private static final String EXPECTED =
            " (expected a Go duration such as 10s, 1m30s, 250ms, 1.5h, or a whole number of seconds)";

    private final String input;
    private final String reason;

    public InvalidDurationException(String input, String reason) {
        this(input, input, reason);
    }

    /**
     * {@code shown} is what the message quotes (e.g. a shortened form of a very long input);
     * {@link #input()} still returns the full rejected text.
     */
    public InvalidDurationException(String input, String shown, String reason) {
        super("invalid duration '" + shown + "': " + reason + EXPECTED);
        this.input = input;
        this.reason = reason;
    }

    /** The message without the quoted input, for errors that already show the value beside it. */
    public String messageWithoutInput() {
        return "invalid duration: " + reason + EXPECTED;
    }

    /** The text that was rejected. */
    public String input() {
        return input;
    }
}
