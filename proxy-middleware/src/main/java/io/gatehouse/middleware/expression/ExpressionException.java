package io.gatehouse.middleware.expression;

/** A malformed expression; the message says what was expected and at which position (1-based). */
public final class ExpressionException extends IllegalArgumentException {

    private final int position;

    public ExpressionException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** 1-based character position in the expression. */
    public int position() {
        return position;
    }
}
