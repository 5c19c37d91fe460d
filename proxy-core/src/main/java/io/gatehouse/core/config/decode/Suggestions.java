package io.gatehouse.core.config.decode;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean": the closest known name by edit distance, when it is close enough. */
final class Suggestions {

    private static final int MAX_COMPARED_LENGTH = 64;

    private Suggestions() {
    }

    static Optional<String> closest(String input, Collection<String> known) {
        if (input == null || input.length() > MAX_COMPARED_LENGTH) {
            return Optional.empty();
        }
        String lower = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, lower.length() / 3);
        if (best != null && bestDistance <= allowed) {
            return Optional.of(best);
        }
        // An abbreviation ("prio" for "priority") is far by edit distance but obvious to a reader.
        if (lower.length() >= 3) {
            for (String candidate : known) {
                if (candidate.toLowerCase(Locale.ROOT).startsWith(lower)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** " (did you mean 'x'?)" or "". */
    static String didYouMean(String input, Collection<String> known) {
        return closest(input, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /** Levenshtein distance, with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
