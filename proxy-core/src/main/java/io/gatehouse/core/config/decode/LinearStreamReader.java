package io.gatehouse.core.config.decode;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * SnakeYAML's {@link StreamReader} without its quadratic case. The original copies its whole window
 * (everything from the current token's start) each time it reads 1,024 more characters, and a scalar is
 * only consumed once the scanner has peeked to its end: one 10 MB string cost about 10,000 copies of up to
 * 40 MB (minutes on a busy machine). This one appends into a window that grows geometrically and drops
 * the consumed prefix only when it has to reallocate anyway, so reading is linear. Everything else is
 * the original's behaviour: same chunks, same non-printable and surrogate checks (same messages and
 * positions), same line/column/index/documentIndex bookkeeping.
 */
final class LinearStreamReader extends StreamReader {

    private static final int CHUNK = 1024;

    private final Reader stream;
    private final char[] buffer = new char[CHUNK + 1];
    private int[] window = new int[CHUNK];
    private int length;
    private int pointer;
    private boolean eof;
    private int index;
    private int documentIndex;
    private int line;
    private int column;

    LinearStreamReader(Reader stream) {
        super(stream);
        this.stream = stream;
    }

    @Override
    public Mark getMark() {
        // Marks keep a reference to the window: it is only ever appended to past `length`, never rewritten.
        return new Mark("'reader'", index, line, column, window, pointer);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int count) {
        for (int i = 0; i < count && ensureEnoughData(0); i++) {
            int c = window[pointer++];
            index++;
            documentIndex++;
            if (Constant.LINEBR.has(c) || (c == '\r' && ensureEnoughData(0) && window[pointer] != '\n')) {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return ensureEnoughData(0) ? window[pointer] : 0;
    }

    @Override
    public int peek(int offset) {
        return ensureEnoughData(offset) ? window[pointer + offset] : 0;
    }

    @Override
    public String prefix(int count) {
        if (count == 0) {
            return "";
        }
        return ensureEnoughData(count) ? new String(window, pointer, count)
                : new String(window, pointer, Math.min(count, length - pointer));
    }

    @Override
    public String prefixForward(int count) {
        String prefix = prefix(count);
        pointer += count;
        index += count;
        documentIndex += count;
        column += count;
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    @Override
    public int getDocumentIndex() {
        return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public int getLine() {
        return line;
    }

    /** One chunk at most per call, as the original (the scanner peeks one code point further at a time). */
    private boolean ensureEnoughData(int offset) {
        if (!eof && pointer + offset >= length) {
            update();
        }
        return pointer + offset < length;
    }

    private void update() {
        try {
            int read = stream.read(buffer, 0, CHUNK);
            if (read <= 0) {
                eof = true;
                return;
            }
            if (Character.isHighSurrogate(buffer[read - 1])) {
                if (stream.read(buffer, read, 1) == -1) {
                    throw new ReaderException("'reader'", index + read, buffer[read - 1],
                            "The last char is HighSurrogate (no LowSurrogate detected).");
                }
                read++;
            }
            makeRoom(read);
            int nonPrintable = ' ';
            for (int i = 0; i < read; ) {
                int codePoint = Character.codePointAt(buffer, i);
                window[length++] = codePoint;
                if (isPrintable(codePoint)) {
                    i += Character.charCount(codePoint);
                } else {
                    nonPrintable = codePoint;
                    i = read;
                }
            }
            if (nonPrintable != ' ') {
                throw new ReaderException("'reader'", index + length - pointer - 1, nonPrintable,
                        "special characters are not allowed");
            }
        } catch (IOException e) {
            throw new YAMLException(e);
        }
    }

    /** Room for {@code count} more code points: appended in place, or a new window twice as large without the consumed prefix. */
    private void makeRoom(int count) {
        if (length + count <= window.length) {
            return;
        }
        int live = length - pointer;
        int[] grown = Arrays.copyOfRange(window, pointer, pointer + Math.max(2 * (live + count), CHUNK));
        window = grown;
        length = live;
        pointer = 0;
    }
}
