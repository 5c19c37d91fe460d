package io.gatehouse.core.service;

/** The servers one request has already been sent to, by {@link Server#index()}; a retry never goes back to them. */
public final class TriedServers {

    private long low;
    private long[] high;

    /** Whether {@code server} has been tried. */
    public boolean contains(Server server) {
        int index = server.index();
        if (index < 64) {
            return (low & (1L << index)) != 0;
        }
        int word = (index >>> 6) - 1;
        return high != null && word < high.length && (high[word] & (1L << index)) != 0;
    }

    /** Remembers {@code server} as tried. */
    public void add(Server server) {
        int index = server.index();
        if (index < 64) {
            low |= 1L << index;
            return;
        }
        int word = (index >>> 6) - 1;
        if (high == null || word >= high.length) {
            long[] grown = new long[word + 1];
            if (high != null) {
                System.arraycopy(high, 0, grown, 0, high.length);
            }
            high = grown;
        }
        high[word] |= 1L << index;
    }
}
