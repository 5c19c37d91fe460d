package io.gatehouse.core.tls;

import io.gatehouse.core.config.CertificateFiles;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One configured certificate entry: a {@code tls.certificates[i]} or a store's default certificate
 * of one provider. A later build recognises the same entry by its certFile or keyFile (a file
 * rotated or corrupted in place keeps its names), or, for inline PEM, by its position; so an entry
 * that no longer loads can keep the certificate it served before.
 *
 * @param kind     which list the entry is in
 * @param provider the provider that defines it
 * @param index    its position in {@code tls.certificates} (0 for a default certificate)
 * @param files    the certFile and keyFile as written (file names or inline PEM)
 */
record CertificateSlot(Kind kind, String provider, int index, CertificateFiles files) {

    enum Kind { CERTIFICATES, DEFAULT }

    /** An entry and the certificate it served. */
    record Loaded(CertificateSlot slot, ServerCertificate certificate) {
    }

    /**
     * The certificate this entry served in {@code previous}, or null: a match on the certFile first,
     * then the keyFile, then (inline PEM) the position. A previous certificate no longer valid at
     * {@code now} is not kept.
     */
    ServerCertificate previousIn(List<Loaded> previous, Instant now) {
        Loaded found = first(previous, other -> !isInline(files.certFile()) && Objects.equals(files.certFile(), other.files.certFile()));
        if (found == null) {
            found = first(previous, other -> !isInline(files.keyFile()) && Objects.equals(files.keyFile(), other.files.keyFile()));
        }
        if (found == null) {
            found = first(previous, other -> other.index == index
                    && (isInline(files.certFile()) || isInline(files.keyFile()))
                    && (isInline(other.files.certFile()) || isInline(other.files.keyFile())));
        }
        if (found == null) {
            return null;
        }
        ServerCertificate certificate = found.certificate();
        Instant notAfter = certificate.leaf().getNotAfter().toInstant();
        Instant notBefore = certificate.leaf().getNotBefore().toInstant();
        return notAfter.isBefore(now) || notBefore.isAfter(now) ? null : certificate;
    }

    private Loaded first(List<Loaded> previous, java.util.function.Predicate<CertificateSlot> same) {
        for (Loaded loaded : previous) {
            CertificateSlot other = loaded.slot();
            if (other.kind == kind && other.provider.equals(provider) && same.test(other)) {
                return loaded;
            }
        }
        return null;
    }

    private static boolean isInline(String file) {
        return file != null && file.contains("-----BEGIN ");
    }
}
