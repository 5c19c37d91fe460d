package io.gatehouse.docker;

/** A {@code defaultRule} template that cannot be parsed or rendered; the message says why. */
public final class InvalidTemplateException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidTemplateException(String message) {
        super(message);
    }
}
