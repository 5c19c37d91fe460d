package io.gatehouse.core.config;

/** A duration string that is neither a Go duration ({@code 1m30s}) nor a whole number of seconds. */
public class InvalidDurationException extends Exception {

    private final String input;

    public InvalidDurationException(String input, String reason) {
        super("invalid duration '" + input + "': " + reason
                + " (expected a Go duration such as 10s, 1m30s, 250ms, 1.5h, or a whole number of seconds)");
        this.input = input;
    }

    /** The text that was rejected. */
    public String input() {
        return input;
    }
}
