package io.gatehouse.core.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Picks the server certificate by the client's SNI during the handshake: a matching certificate,
 * else the default one, else (with {@code sniStrict}) none, which fails the handshake.
 * Bound to one immutable {@link CertificateStore}: a reload builds a new key manager for new
 * handshakes, so a handshake never sees two stores.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private final CertificateStore store;
    private final boolean sniStrict;

    SniKeyManager(CertificateStore store, boolean sniStrict) {
        this.store = store;
        this.sniStrict = sniStrict;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, null);
    }

    private String choose(String keyType, SSLSession handshake) {
        ServerCertificate chosen = store.match(serverName(handshake));
        if (chosen == null && !sniStrict) {
            chosen = store.defaultCertificate();
        }
        return chosen != null && chosen.suits(keyType) ? chosen.alias() : null;
    }

    static String serverName(SSLSession handshake) {
        if (!(handshake instanceof ExtendedSSLSession extended)) {
            return null;
        }
        List<SNIServerName> names = extended.getRequestedServerNames();
        for (SNIServerName name : names) {
            if (name.getType() == StandardConstants.SNI_HOST_NAME && name instanceof SNIHostName host) {
                return host.getAsciiName();
            }
        }
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServerCertificate certificate = store.byAlias(alias);
        return certificate == null ? null : certificate.chainArray();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServerCertificate certificate = store.byAlias(alias);
        return certificate == null ? null : certificate.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
