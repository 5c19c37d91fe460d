package io.gatehouse.middleware.cache;

import io.undertow.util.HeaderMap;

import java.util.ArrayList;
import java.util.List;

/** The stored responses of one URI, one per combination of Vary'd request header values; immutable. */
record Variants(StoredResponse[] responses, int weight) {

    static Variants of(StoredResponse response) {
        return new Variants(new StoredResponse[] {response}, response.weight);
    }

    /** The first stored response whose selecting headers match the request, or null. */
    StoredResponse select(HeaderMap requestHeaders) {
        for (StoredResponse r : responses) {
            if (r.matches(requestHeaders)) {
                return r;
            }
        }
        return null;
    }

    /**
     * With {@code added} replacing the variant it stands for. A response that varies on other headers than the
     * stored ones replaces them all (the server changed how it varies); the oldest variants go past {@code max}.
     */
    Variants with(StoredResponse added, int max) {
        List<StoredResponse> out = new ArrayList<>();
        out.add(added);
        for (StoredResponse r : responses) {
            if (out.size() >= max) {
                break;
            }
            if (r.sameVaryNames(added) && !r.sameVariant(added)) {
                out.add(r);
            }
        }
        int weight = 0;
        for (StoredResponse r : out) {
            weight = (int) Math.min(Integer.MAX_VALUE, (long) weight + r.weight);
        }
        return new Variants(out.toArray(new StoredResponse[0]), weight);
    }
}
