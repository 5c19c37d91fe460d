package io.gatehouse.middleware.encodedcharacters;

import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

/**
 * Refuses (400) a request whose path holds an encoded character that is not allowed, as Traefik's
 * encodedCharacters. It reads the forwarded path, where the router keeps reserved escapes encoded.
 */
public final class EncodedCharacters implements Middleware {

    /** Refused escapes by their byte value; lower- and upper-case hex are the same byte. */
    private final boolean[] refused = new boolean[256];
    private final boolean refusesAny;

    public EncodedCharacters(EncodedCharactersConfig config) {
        refused[0x2F] = !config.allowEncodedSlash();
        refused[0x5C] = !config.allowEncodedBackSlash();
        refused[0x00] = !config.allowEncodedNullCharacter();
        refused[0x3B] = !config.allowEncodedSemicolon();
        refused[0x25] = !config.allowEncodedPercent();
        refused[0x3F] = !config.allowEncodedQuestionMark();
        refused[0x23] = !config.allowEncodedHash();
        boolean any = false;
        for (boolean r : refused) {
            any |= r;
        }
        this.refusesAny = any;
    }

    /** Traefik's defaults: every listed escape refused. */
    public static EncodedCharacters refuseAll() {
        return new EncodedCharacters(EncodedCharactersConfig.DEFAULTS);
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return refusesAny ? exchange -> handle(exchange, next) : next;
    }

    private void handle(HttpServerExchange exchange, HttpHandler next) throws Exception {
        String path = exchange.getRequestPath();
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length()) {
                PlainResponses.send(exchange, StatusCodes.BAD_REQUEST);
                return;
            }
            int value = hex(path.charAt(i + 1)) << 4 | hex(path.charAt(i + 2));
            if (value >= 0 && refused[value]) {
                PlainResponses.send(exchange, StatusCodes.BAD_REQUEST);
                return;
            }
            i += 2;
        }
        next.handleRequest(exchange);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1024;
    }
}
