package io.gatehouse.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.tls.ClientTls;

import javax.net.ssl.SSLContext;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The provider's connection to a Docker Engine API (dockerd, or podman's Docker-compatible socket):
 * lists and inspects containers, and follows container events. Two HTTP clients: one with a
 * response timeout for requests, so a hung engine cannot stall a resync forever, and one without,
 * for the event stream that is silent while nothing happens.
 */
final class EngineSession implements Closeable {

    /** Container events after which the configuration may change; podman says remove for destroy. */
    static final Set<String> RELEVANT_ACTIONS = Set.of("start", "die", "stop", "kill", "pause", "unpause",
            "health_status", "destroy", "remove", "restart", "rename", "update", "create");

    private final DockerClient requests;
    private final DockerClient events;

    EngineSession(DockerProviderConfig settings) throws IOException {
        URI host = URI.create(settings.endpoint());
        SSLConfig ssl = settings.tls() == null ? null : sslConfig(settings.tls());
        this.requests = client(host, ssl, Duration.ofSeconds(30));
        this.events = client(host, ssl, null);
    }

    private static DockerClient client(URI host, SSLConfig ssl, Duration responseTimeout) {
        // The config builder reads DOCKER_* environment variables; everything that matters is set here.
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host.toString())
                .withDockerTlsVerify(false)
                .build();
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(host)
                .sslConfig(ssl)
                .maxConnections(4)
                .connectionTimeout(Duration.ofSeconds(5));
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }

    /** Client TLS from PEM files: the CA that signed the engine, and the client certificate and key. */
    private static SSLConfig sslConfig(DockerProviderConfig.Tls tls) throws TlsFileException {
        SSLContext context = sslContext(tls);
        return () -> context;
    }

    /**
     * The context for {@code providers.docker.tls}: without {@code ca}, the JVM's CAs; {@code insecureSkipVerify}
     * accepts any chain (the HTTP client still checks that the certificate names the endpoint's host).
     */
    static SSLContext sslContext(DockerProviderConfig.Tls tls) throws TlsFileException {
        String option = "providers.docker.tls";
        List<ClientTls.Trusted> cas = tls.ca() == null ? List.of() : List.of(new ClientTls.Trusted(tls.ca(), option + ".ca"));
        List<ClientTls.Identity> identities = tls.cert() == null ? List.of()
                : List.of(new ClientTls.Identity(tls.cert(), option + ".cert", tls.key(), option + ".key"));
        List<ConfigError> errors = new ArrayList<>();
        SSLContext context = ClientTls.context(tls.insecureSkipVerify(), cas, identities, option, errors);
        if (context == null) {
            throw new TlsFileException(errors.stream().map(ConfigError::toString).collect(Collectors.joining("; ")));
        }
        return context;
    }

    /** Every container (running or not), inspected. Containers removed meanwhile are skipped. */
    List<ContainerInfo> containers() {
        List<Container> listed = requests.listContainersCmd().withShowAll(true).exec();
        List<ContainerInfo> out = new ArrayList<>(listed.size());
        for (Container c : listed) {
            try {
                out.add(toInfo(requests.inspectContainerCmd(c.getId()).exec()));
            } catch (NotFoundException gone) {
                // Removed between the list and the inspection: the next event resyncs anyway.
            }
        }
        return out;
    }

    /** Calls {@code onEvent} with each relevant container event's action; {@code onEnd} when the stream ends. */
    Closeable follow(Consumer<String> onEvent, Consumer<Throwable> onEnd) {
        return events.eventsCmd().withEventTypeFilter(EventType.CONTAINER).exec(new ResultCallback.Adapter<Event>() {
            @Override
            public void onNext(Event event) {
                String action = event.getAction() == null ? event.getStatus() : event.getAction();
                if (action == null) {
                    return;
                }
                int colon = action.indexOf(':'); // "health_status: healthy"
                String verb = (colon < 0 ? action : action.substring(0, colon)).trim();
                if (RELEVANT_ACTIONS.contains(verb)) {
                    onEvent.accept(verb);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                onEnd.accept(throwable);
            }

            @Override
            public void onComplete() {
                onEnd.accept(null);
            }
        });
    }

    static ContainerInfo toInfo(InspectContainerResponse r) {
        Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null ? Map.of()
                : r.getConfig().getLabels();
        String state = null;
        String health = null;
        if (r.getState() != null) {
            state = r.getState().getStatus();
            if (r.getState().getHealth() != null) {
                health = r.getState().getHealth().getStatus();
            }
            if (Boolean.TRUE.equals(r.getState().getPaused())) {
                state = "paused";
            }
        }
        String networkMode = r.getHostConfig() == null ? null : r.getHostConfig().getNetworkMode();
        Map<String, String> networks = new LinkedHashMap<>();
        Map<Integer, List<ContainerInfo.PortBinding>> ports = new TreeMap<>();
        if (r.getNetworkSettings() != null) {
            Map<String, ContainerNetwork> nets = r.getNetworkSettings().getNetworks();
            if (nets != null) {
                nets.forEach((name, n) -> {
                    String ip = n.getIpAddress();
                    if (ip == null || ip.isEmpty()) {
                        ip = n.getGlobalIPv6Address();
                    }
                    networks.put(name, ip == null ? "" : ip);
                });
            }
            Ports p = r.getNetworkSettings().getPorts();
            if (p != null && p.getBindings() != null) {
                p.getBindings().forEach((exposed, bindings) -> addPort(ports, exposed, bindings));
            }
        }
        // Host-network containers have no port map; what the image or `--expose` declares still counts.
        if (r.getConfig() != null && r.getConfig().getExposedPorts() != null) {
            for (ExposedPort exposed : r.getConfig().getExposedPorts()) {
                addPort(ports, exposed, null);
            }
        }
        return new ContainerInfo(r.getId(), r.getName(), labels, state, health, networkMode, networks, ports);
    }

    private static void addPort(Map<Integer, List<ContainerInfo.PortBinding>> ports, ExposedPort exposed,
                                Ports.Binding[] bindings) {
        if (exposed == null || exposed.getProtocol() != InternetProtocol.TCP) {
            return;
        }
        List<ContainerInfo.PortBinding> list = ports.computeIfAbsent(exposed.getPort(), k -> new ArrayList<>());
        if (bindings != null) {
            for (Ports.Binding b : bindings) {
                list.add(new ContainerInfo.PortBinding(b.getHostIp(), b.getHostPortSpec()));
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            requests.close();
        } finally {
            events.close();
        }
    }
}
