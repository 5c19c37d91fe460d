package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;

import javax.net.ssl.SSLException;
import java.io.FileNotFoundException;
import java.net.SocketException;
import java.nio.file.NoSuchFileException;

/** Says in words why the engine could not be reached, with what to check. */
final class EngineErrors {

    private EngineErrors() {
    }

    static ConfigError describe(DockerProviderConfig settings, Throwable failure) {
        String endpoint = settings.endpoint();
        Throwable tls = find(failure, SSLException.class);
        String message;
        if (tls != null) {
            message = "cannot reach the engine: the TLS handshake failed (" + tls.getMessage() + "); check that "
                    + "providers.docker.tls.ca is the CA that signed the engine's certificate and that tls.cert and "
                    + "tls.key are a client certificate signed by the CA the engine trusts (dockerd --tlscacert)";
        } else if (find(failure, SocketException.class) != null || find(failure, NoSuchFileException.class) != null
                || find(failure, FileNotFoundException.class) != null) {
            message = "cannot reach the engine: " + rootMessage(failure) + "; is it running, and is the endpoint right?";
        } else {
            message = "cannot reach the engine: " + rootMessage(failure);
        }
        return new ConfigError("providers.docker.endpoint", endpoint, message);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
