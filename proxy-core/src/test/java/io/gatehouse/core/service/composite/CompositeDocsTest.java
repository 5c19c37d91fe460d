package io.gatehouse.core.service.composite;

import io.gatehouse.core.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/services.md, "Services made of services": each YAML example loads and behaves as the page says. */
@Timeout(90)
class CompositeDocsTest {

    private static final Pattern SERVER = Pattern.compile("http://10\\.0\\.0\\.(\\d+):8080");

    private final CompositeHarness h = new CompositeHarness();

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    /** The YAML blocks of the page's composite part, keyed by the composite service each defines first. */
    private static Map<String, String> examples() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "services.md"));
        String part = page.substring(page.indexOf("# Services made of services"));
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(part);
        while (block.find()) {
            String yaml = block.group(1);
            Matcher kind = Pattern.compile("\\n {6}(weighted|mirroring|failover|highestRandomWeight):").matcher(yaml);
            assertThat(kind.find()).as("a composite example:\n" + yaml).isTrue();
            String key = yaml.contains("sticky:") ? "sticky" : yaml.contains("errors:") ? "failover errors" : kind.group(1);
            blocks.put(key, yaml);
        }
        return blocks;
    }

    /** Points each documented server (10.0.0.N:8080) at a real backend named "server-N". */
    private String withBackends(String yaml) {
        Matcher server = SERVER.matcher(yaml);
        StringBuilder out = new StringBuilder();
        Map<String, String> urls = new LinkedHashMap<>();
        while (server.find()) {
            String name = "server-" + server.group(1);
            String url = urls.computeIfAbsent(name, h::backend);
            server.appendReplacement(out, url);
        }
        server.appendTail(out);
        return out.toString();
    }

    /** Adds a catch-all router to {@code service} when the example has no routers. */
    private static String routedTo(String yaml, String service) {
        if (yaml.contains("  routers:")) {
            return yaml;
        }
        return yaml.replace("http:\n", "http:\n  routers:\n    doc:\n      rule: \"PathPrefix(`/`)\"\n      service: " + service + "\n");
    }

    @Test
    void thePageHasAnExampleOfEachKind() throws Exception {
        assertThat(examples().keySet()).containsExactly("weighted", "sticky", "mirroring", "failover", "failover errors",
                "highestRandomWeight");
    }

    @Test
    void theCanarySendsNineInTenToV1Interleaved() throws Exception {
        h.apply(withBackends(examples().get("weighted")));
        assertThat(h.errors()).isEmpty();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(RawHttp.exchange(h.uri("/").getPort(),
                    "GET / HTTP/1.1\r\nHost: app.example.com\r\nConnection: close\r\n\r\n").body());
        }
        assertThat(bodies).containsExactly("server-5", "server-5", "server-5", "server-5", "server-5", "server-6",
                "server-5", "server-5", "server-5", "server-5");
    }

    @Test
    void theStickyExampleSetsTheDocumentedCookie() throws Exception {
        h.apply(routedTo(withBackends(examples().get("sticky")), "app"));
        assertThat(h.errors()).isEmpty();
        String setCookie = h.get("/").headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("app_pin=").contains("Secure").contains("HttpOnly")
                .containsIgnoringCase("SameSite=Lax").contains("Max-Age=3600").contains("Path=/");
    }

    @Test
    void theMirroringExampleCopiesAsDocumented() throws Exception {
        h.apply(routedTo(withBackends(examples().get("mirroring")), "shop"));
        assertThat(h.errors()).isEmpty();
        for (int i = 0; i < 20; i++) {
            assertThat(h.post("/order", "item=" + i).body()).isEqualTo("server-5");
        }
        AtomicInteger audit = h.hits.get("server-7");
        AtomicInteger v2 = h.hits.get("server-6");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while ((audit.get() < 20 || v2.get() < 2) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(audit.get()).isEqualTo(20); // 100 percent
        assertThat(v2.get()).isEqualTo(2);     // 10 percent: requests 1 and 11
    }

    @Test
    void theFailoverExampleUsesTheMainServiceWhileItIsUp() throws Exception {
        String yaml = routedTo(withBackends(examples().get("failover")), "api");
        h.apply(yaml);
        assertThat(h.errors()).isEmpty();
        assertThat(h.get("/").body()).isEqualTo("server-5");
        String mainDown = yaml.replaceFirst("(api-main:\\n {6}loadBalancer:\\n {8}servers:)\\n {10}- url: \\S+", "$1 []");
        assertThat(mainDown).isNotEqualTo(yaml);
        h.apply(mainDown);
        assertThat(h.get("/").body()).isEqualTo("server-6");
    }

    @Test
    void theFailoverErrorsExampleSendsFailedRequestsToTheStandbyWithTheirBody() throws Exception {
        String main = h.backend(exchange -> exchange.getRequestReceiver().receiveFullString((ex, body) -> {
            h.hits.computeIfAbsent("server-7", n -> new AtomicInteger()).incrementAndGet();
            String status = ex.getRequestHeaders().getFirst("X-Status");
            ex.setStatusCode(status == null ? 503 : Integer.parseInt(status));
            ex.getResponseSender().send("server-7");
        }));
        String standby = h.backend(exchange -> exchange.getRequestReceiver().receiveFullString((ex, body) ->
                ex.getResponseSender().send("server-8 got " + body)));
        String yaml = routedTo(examples().get("failover errors"), "orders")
                .replace("http://10.0.0.7:8080", main).replace("http://10.0.0.8:8080", standby);
        h.apply(yaml);
        assertThat(h.errors()).isEmpty();
        assertThat(h.post("/orders", "item=1").body()).isEqualTo("server-8 got item=1"); // 503: in 500-504
        assertThat(h.get("/", "X-Status", "505").body()).isEqualTo("server-7");          // not listed: relayed
        assertThat(h.get("/", "X-Status", "200").body()).isEqualTo("server-7");
        assertThat(h.hits("server-7")).isEqualTo(3);

        h.apply(yaml.replace("[\"500-504\"]", "[\"5xx\"]"));
        assertThat(h.errors()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("http.services.orders@file.failover.errors.status[0]");
            assertThat(e.message()).isEqualTo("expected a status code or a range such as 500-599 (got '5xx'; codes are numbers)");
        });
    }

    @Test
    void theHighestRandomWeightExampleKeepsAClientOnOneChild() throws Exception {
        h.apply(routedTo(withBackends(examples().get("highestRandomWeight")), "sessions"));
        assertThat(h.errors()).isEmpty();
        String first = h.get("/").body();
        assertThat(first).isIn("server-5", "server-6");
        for (int i = 0; i < 10; i++) {
            assertThat(h.get("/").body()).isEqualTo(first);
        }
    }
}
