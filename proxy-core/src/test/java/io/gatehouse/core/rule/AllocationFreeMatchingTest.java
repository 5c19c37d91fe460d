package io.gatehouse.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plain matchers and the operators must not allocate per request. Counted with HotSpot's
 * per-thread allocation counter: one allocation per evaluation would be megabytes over the loop.
 */
class AllocationFreeMatchingTest {

    private static final int EVALUATIONS = 100_000;

    /** A request whose accessors return prepared objects, so only the rule itself could allocate. */
    private record FixedRequest(String host, String path, String method, List<String> header, List<String> query,
                                InetAddress clientAddress) implements MatchInput {

        @Override
        public List<String> headerValues(String name) {
            return header;
        }

        @Override
        public List<String> queryValues(String name) {
            return query;
        }

        @Override
        public boolean hasQueryParameter(String name) {
            return !query.isEmpty();
        }
    }

    @Test
    void plainMatchersAndOperatorsDoNotAllocate() throws Exception {
        Rule rule = RuleParser.parse("(Host(`example.com`) || Host(`*.example.org`)) && PathPrefix(`/api`)"
                + " && !Path(`/api/private`) && Method(`GET`) && Header(`X-Env`, `prod`)"
                + " && Query(`v`, `2`) && ClientIP(`10.0.0.0/8`)").rule();
        FixedRequest request = new FixedRequest("a.example.org", "/api/items", "GET", List.of("test", "prod"),
                List.of("1", "2"), InetAddress.getByName("10.1.2.3"));
        assertThat(rule.matches(request)).isTrue();

        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        int matched = 0;
        long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < EVALUATIONS; i++) {
            if (rule.matches(request)) {
                matched++;
            }
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(matched).isEqualTo(EVALUATIONS);
        assertThat(allocated).as("bytes allocated by %d evaluations", EVALUATIONS).isLessThan(EVALUATIONS / 10);
    }
}
