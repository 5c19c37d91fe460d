package io.gatehouse.core.config.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.StreamReader;

/** LinearStreamReader must behave exactly as SnakeYAML's StreamReader, only without the quadratic copying. */
class LinearStreamReaderTest {

    /** Drives a reader through a fixed, seeded mix of peeks, prefixes and forwards; records everything seen. */
    private static List<String> walk(StreamReader reader, long seed) {
        Random random = new Random(seed);
        List<String> seen = new ArrayList<>();
        for (int step = 0; step < 20_000 && reader.peek() != 0; step++) {
            int n = random.nextInt(3000);
            switch (random.nextInt(5)) {
                case 0 -> seen.add("peek " + reader.peek(n));
                case 1 -> seen.add("prefix " + reader.prefix(n % 50));
                case 2 -> seen.add("prefixForward " + reader.prefixForward(Math.min(n % 50, count(reader))));
                case 3 -> reader.forward(n % 50);
                default -> reader.forward();
            }
            Mark mark = reader.getMark();
            seen.add(reader.getIndex() + ":" + reader.getLine() + ":" + reader.getColumn() + ":"
                    + reader.getDocumentIndex() + " " + mark.getIndex() + ":" + mark.getLine() + ":" + mark.getColumn());
            if (step % 997 == 0) {
                reader.resetDocumentIndex();
            }
        }
        return seen;
    }

    /** How many code points are left before the end, so prefixForward never runs past it (as the scanner never does). */
    private static int count(StreamReader reader) {
        int i = 0;
        while (i < 50 && reader.peek(i) != 0) {
            i++;
        }
        return i;
    }

    private static String sample(long seed, int length) {
        Random random = new Random(seed);
        String[] pieces = {"a", "key: value", "\n", "\r\n", "\r", "\u0085", "\u2028", "\uFEFF", "é", "\uD83D\uDE00",
                " ", "\t", "'", "\"", "#"};
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            s.append(pieces[random.nextInt(pieces.length)]);
            if (random.nextInt(50) == 0) {
                s.append("x".repeat(random.nextInt(5000)));
            }
        }
        return s.toString();
    }

    @Test
    void behavesLikeSnakeYamlsReaderOnMixedText() {
        for (long seed = 1; seed <= 20; seed++) {
            String text = sample(seed, 30_000);
            assertThat(walk(new LinearStreamReader(new StringReader(text)), seed))
                    .as("seed %d", seed)
                    .isEqualTo(walk(new StreamReader(new StringReader(text)), seed));
        }
    }

    @Test
    void emptyInputPeeksTheEndMarker() {
        LinearStreamReader reader = new LinearStreamReader(new StringReader(""));
        assertThat(reader.peek()).isZero();
        assertThat(reader.peek(5)).isZero();
        assertThat(reader.prefix(3)).isEmpty();
        reader.forward(3);
        assertThat(reader.getIndex()).isZero();
    }

    @Test
    void nonPrintableCharacterFailsAtTheSamePlaceWithTheSameMessage() {
        String text = "a".repeat(5000) + "\u0001" + "b".repeat(10);
        Throwable ours = catchThrowable(() -> walk(new LinearStreamReader(new StringReader(text)), 7));
        Throwable theirs = catchThrowable(() -> walk(new StreamReader(new StringReader(text)), 7));
        assertThat(theirs).isNotNull();
        assertThat(ours).isNotNull().hasSameClassAs(theirs).hasMessage(theirs.getMessage());
    }

    @Test
    void marksTakenEarlierKeepTheirSnippetWhileTheWindowGrows() {
        String text = "first line\n" + "x".repeat(100_000) + "\n";
        LinearStreamReader reader = new LinearStreamReader(new StringReader(text));
        Mark mark = reader.getMark();
        reader.peek(90_000);
        reader.forward(50_000);
        reader.peek(40_000);
        assertThat(mark.get_snippet()).contains("first line");
        assertThat(mark.getLine()).isZero();
    }
}
