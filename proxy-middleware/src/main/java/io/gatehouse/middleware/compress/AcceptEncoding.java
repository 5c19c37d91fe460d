package io.gatehouse.middleware.compress;

import io.undertow.util.HeaderValues;

/**
 * Picks the encoding for a request's Accept-Encoding: the highest q-value among the offered encodings,
 * ties broken by the configured order; {@code q=0} refuses an encoding (also when {@code *} would allow it).
 */
final class AcceptEncoding {

    private AcceptEncoding() {
    }

    /**
     * @param offered        the configured encodings in preference order
     * @param defaultEncoding used for {@code *}; when null, {@code *} stands for the first acceptable offered one
     * @return the chosen encoding, or null for identity
     */
    static Encoding choose(HeaderValues header, Encoding[] offered, Encoding defaultEncoding) {
        double[] q = new double[offered.length];
        boolean[] named = new boolean[offered.length];
        double wildcard = -1;
        for (String line : header) {
            int i = 0;
            int n = line.length();
            while (i < n) {
                int end = line.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                int semi = line.indexOf(';', i);
                int nameEnd = semi >= 0 && semi < end ? semi : end;
                String name = line.substring(i, nameEnd).trim();
                double weight = semi >= 0 && semi < end ? qValue(line.substring(semi + 1, end)) : 1.0;
                if (name.equals("*")) {
                    wildcard = weight;
                } else {
                    for (int k = 0; k < offered.length; k++) {
                        if (offered[k].token.equalsIgnoreCase(name)) {
                            q[k] = Math.max(named[k] ? q[k] : 0, weight);
                            named[k] = true;
                        }
                    }
                }
                i = end + 1;
            }
        }
        Encoding best = null;
        double bestQ = 0;
        for (int k = 0; k < offered.length; k++) {
            if (named[k] && q[k] > bestQ) {
                best = offered[k];
                bestQ = q[k];
            }
        }
        if (wildcard > bestQ) {
            if (defaultEncoding != null && !refused(defaultEncoding, offered, named, q)) {
                return defaultEncoding;
            }
            for (int k = 0; k < offered.length; k++) {
                if (!named[k]) {
                    return offered[k];
                }
            }
        }
        return best;
    }

    private static boolean refused(Encoding e, Encoding[] offered, boolean[] named, double[] q) {
        for (int k = 0; k < offered.length; k++) {
            if (offered[k] == e) {
                return named[k] && q[k] <= 0;
            }
        }
        return true;
    }

    /** The q of {@code ;q=0.5} style parameters; malformed or out-of-range values count as 0 (not acceptable). */
    private static double qValue(String params) {
        for (String p : params.split(";")) {
            String t = p.trim();
            if (t.length() >= 2 && (t.charAt(0) == 'q' || t.charAt(0) == 'Q') && t.charAt(1) == '=') {
                try {
                    double v = Double.parseDouble(t.substring(2).trim());
                    return v >= 0 && v <= 1 ? v : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1.0;
    }
}
