package io.gatehouse.middleware.compress;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.ZstdOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** A content coding and how to open its encoder; levels as Traefik's (gzip 6, brotli 6, zstd default 3). */
enum Encoding {
    GZIP("gzip") {
        @Override
        OutputStream open(OutputStream sink) throws IOException {
            return new GZIPOutputStream(sink, 8192, true);
        }
    },
    BR("br") {
        @Override
        OutputStream open(OutputStream sink) throws IOException {
            return new BrotliOutputStream(sink, new Encoder.Parameters().setQuality(6));
        }

        @Override
        boolean available() {
            return Brotli4jLoader.isAvailable();
        }
    },
    ZSTD("zstd") {
        @Override
        OutputStream open(OutputStream sink) throws IOException {
            return new ZstdOutputStream(sink, 3);
        }

        @Override
        boolean available() {
            try {
                return com.github.luben.zstd.util.Native.isLoaded() || loadZstd();
            } catch (LinkageError e) {
                return false;
            }
        }
    };

    final String token;

    Encoding(String token) {
        this.token = token;
    }

    abstract OutputStream open(OutputStream sink) throws IOException;

    /** Whether the native code this encoding needs could be loaded on this machine. */
    boolean available() {
        return true;
    }

    static Encoding of(String token) {
        for (Encoding e : values()) {
            if (e.token.equals(token)) {
                return e;
            }
        }
        throw new IllegalArgumentException(token);
    }

    private static boolean loadZstd() {
        com.github.luben.zstd.util.Native.load();
        return com.github.luben.zstd.util.Native.isLoaded();
    }
}
