package io.gatehouse.docker;

import java.io.IOException;

/** A TLS file of {@code providers.docker.tls} cannot be used; the message names the option and the file. */
final class TlsFileException extends IOException {

    TlsFileException(String message) {
        super(message);
    }
}
