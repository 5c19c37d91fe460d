package io.gatehouse.middleware.headers;

import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;

import java.util.Map;

/** Custom headers as Traefik applies them: an empty value removes the header, any other value replaces it. */
final class HeaderEdits {

    private final HttpString[] names;
    private final String[] values;

    HeaderEdits(Map<String, String> edits) {
        this.names = new HttpString[edits.size()];
        this.values = new String[edits.size()];
        int i = 0;
        for (Map.Entry<String, String> e : edits.entrySet()) {
            names[i] = new HttpString(e.getKey());
            values[i] = e.getValue();
            i++;
        }
    }

    boolean isEmpty() {
        return names.length == 0;
    }

    void applyTo(HeaderMap headers) {
        for (int i = 0; i < names.length; i++) {
            if (values[i].isEmpty()) {
                headers.remove(names[i]);
            } else {
                headers.put(names[i], values[i]);
            }
        }
    }
}
