package io.gatehouse.middleware.buffering;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The temporary file one exchange spills a body to once it outgrows the mem* limit (as Traefik's oxy buffer).
 * Every file operation (creating, writing, reading, mapping, deleting) runs on a worker thread, never on the IO
 * thread; its continuation is handed back to the exchange's IO thread. The owner keeps at most one operation in
 * flight, so the buffers it passes are not touched by two threads at once; the lock only orders an operation
 * against {@link #delete()}, which may come from any thread (the exchange ending, also on a broken connection).
 */
final class SpillFile {

    static final String PREFIX = "gatehouse-buffering-";
    /** Largest piece of the file mapped at once (a mapping is limited to 2 GiB). */
    private static final long MAP_PIECE = 1L << 30;

    private final Path directory;
    private final Executor worker;
    private final Executor ioThread;
    private final Runnable created;
    private FileChannel channel;
    private Path path;
    private long size;
    private boolean deleted;

    /**
     * @param directory where the file goes (null: the system's temporary directory)
     * @param created   run (on the worker) when the file has been created, for counting
     */
    SpillFile(Path directory, Executor worker, Executor ioThread, Runnable created) {
        this.directory = directory;
        this.worker = worker;
        this.ioThread = ioThread;
        this.created = created;
    }

    /** Appends all of {@code data} (creating the file first), then runs {@code then} on the IO thread. */
    void append(ByteBuffer data, Runnable then, Consumer<IOException> failed) {
        onWorker(() -> {
            synchronized (this) {
                open();
                while (data.hasRemaining()) {
                    size += channel.write(data, size);
                }
            }
            return then;
        }, failed);
    }

    /** Reads from {@code position} into {@code into} until it is full or the file ends, then runs {@code then}. */
    void read(long position, ByteBuffer into, Runnable then, Consumer<IOException> failed) {
        onWorker(() -> {
            synchronized (this) {
                open();
                long at = position;
                while (into.hasRemaining()) {
                    int n = channel.read(into, at);
                    if (n < 0) {
                        break;
                    }
                    at += n;
                }
            }
            return then;
        }, failed);
    }

    /**
     * Maps the whole file read-only and loads its pages (on the worker, so the IO thread that later copies from
     * the mapping finds them in memory), then hands the mapped pieces over on the IO thread. A mapping lives
     * outside the Java heap and stays valid after the file is deleted.
     */
    void map(Consumer<ByteBuffer[]> then, Consumer<IOException> failed) {
        onWorker(() -> {
            ByteBuffer[] pieces;
            synchronized (this) {
                open();
                int count = (int) ((size + MAP_PIECE - 1) / MAP_PIECE);
                pieces = new ByteBuffer[count];
                for (int i = 0; i < count; i++) {
                    long from = i * MAP_PIECE;
                    MappedByteBuffer piece = channel.map(FileChannel.MapMode.READ_ONLY, from, Math.min(MAP_PIECE, size - from));
                    piece.load();
                    pieces[i] = piece;
                }
            }
            return () -> then.accept(pieces);
        }, failed);
    }

    /** Bytes written so far (read on the IO thread after an append's continuation ran). */
    synchronized long size() {
        return size;
    }

    /** Closes and deletes the file (on a worker); safe to call more than once, and before the file exists. */
    void delete() {
        Runnable task = () -> {
            synchronized (this) {
                deleted = true;
                try {
                    if (channel != null) {
                        channel.close();
                    }
                    if (path != null) {
                        Files.deleteIfExists(path);
                    }
                } catch (IOException e) {
                    // nothing better to do: the file is in the temporary directory
                } finally {
                    channel = null;
                    path = null;
                }
            }
        };
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the worker is shutting down: delete here rather than leave the file behind
        }
    }

    private void open() throws IOException {
        if (deleted) {
            throw new IOException("the exchange ended");
        }
        if (channel == null) {
            path = directory == null ? Files.createTempFile(PREFIX, ".tmp") : Files.createTempFile(directory, PREFIX, ".tmp");
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            created.run();
        }
    }

    private interface FileTask {
        Runnable run() throws IOException;
    }

    private void onWorker(FileTask task, Consumer<IOException> failed) {
        try {
            worker.execute(() -> {
                Runnable next;
                try {
                    next = task.run();
                } catch (IOException | RuntimeException e) {
                    IOException failure = e instanceof IOException io ? io : new IOException(e);
                    next = () -> failed.accept(failure);
                }
                ioThread.execute(next);
            });
        } catch (RejectedExecutionException e) {
            failed.accept(new IOException("no worker thread for the buffer file", e));
        }
    }
}
