package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;

import javax.net.ssl.SSLException;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.NoSuchFileException;

/**
 * Says in words why the engine could not be reached, with what to check. The text of one cause
 * stays the same from one retry to the next (the provider reports an outage again only when it
 * changes), so details that vary between attempts are left to the log.
 */
final class EngineErrors {

    static final String REFUSED_TLS = "the engine refused the TLS connection: it asks for a client certificate signed "
            + "by the CA it trusts (dockerd --tlscacert); check providers.docker.tls.cert and providers.docker.tls.key";

    private EngineErrors() {
    }

    static ConfigError describe(DockerProviderConfig settings, Throwable failure) {
        return new ConfigError("providers.docker.endpoint", settings.endpoint(),
                "cannot reach the engine: " + cause(settings, failure));
    }

    private static String cause(DockerProviderConfig settings, Throwable failure) {
        boolean tls = settings.tls() != null;
        TlsFileException file = find(failure, TlsFileException.class);
        if (file != null) {
            return file.getMessage();
        }
        SSLException ssl = find(failure, SSLException.class);
        if (ssl != null) {
            String message = String.valueOf(ssl.getMessage());
            if (message.contains("Received fatal alert")) {
                return REFUSED_TLS;
            }
            return "the TLS handshake failed (" + message + "); providers.docker.tls.ca must be the CA that signed "
                    + "the engine's certificate, and that certificate must name the endpoint's host";
        }
        if (find(failure, ConnectException.class) != null || find(failure, NoRouteToHostException.class) != null
                || find(failure, UnknownHostException.class) != null || find(failure, NoSuchFileException.class) != null
                || find(failure, FileNotFoundException.class) != null) {
            return rootMessage(failure) + "; is it running, and is the endpoint right?";
        }
        SocketException socket = find(failure, SocketException.class);
        if (socket != null) {
            // TLS 1.3: a refused client certificate may show as a reset or broken pipe instead of the alert.
            return tls ? REFUSED_TLS : rootMessage(failure) + "; is it running, and is the endpoint right?";
        }
        return rootMessage(failure);
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
        String type = root.getClass().getSimpleName();
        return root.getMessage() == null ? type : type + ": " + root.getMessage();
    }
}
