package io.gatehouse.middleware.buffering;

import io.undertow.server.HttpServerExchange;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Where a Buffering middleware's spill files go, and how many it has created (for monitoring and tests). */
final class SpillFiles {

    private final Path directory;
    private final AtomicLong created = new AtomicLong();

    /** @param directory null for the system's temporary directory */
    SpillFiles(Path directory) {
        this.directory = directory;
    }

    /** A file for this exchange (created lazily on its first write), deleted when the exchange ends, however it ends. */
    SpillFile forExchange(HttpServerExchange exchange) {
        SpillFile file = new SpillFile(directory, exchange.getConnection().getWorker(), exchange.getIoThread(),
                created::incrementAndGet);
        exchange.addExchangeCompleteListener((ex, next) -> {
            file.delete();
            next.proceed();
        });
        return file;
    }

    long created() {
        return created.get();
    }
}
