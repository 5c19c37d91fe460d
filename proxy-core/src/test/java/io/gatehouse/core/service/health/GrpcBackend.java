package io.gatehouse.core.service.health;

import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real grpc-java server for tests: the standard health service (grpc-java's HealthStatusManager) and one unary
 * method, demo.Echo/Say, that answers the server's name and counts the calls that reach it.
 */
final class GrpcBackend implements AutoCloseable {

    /** A health check call as the server saw it. */
    record Check(String authority, String header) {
    }

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    static final MethodDescriptor<byte[], byte[]> SAY = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("demo.Echo/Say")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    static final Metadata.Key<String> TOKEN = Metadata.Key.of("x-health-token", Metadata.ASCII_STRING_MARSHALLER);

    final String name;
    final HealthStatusManager health = new HealthStatusManager();
    final AtomicInteger traffic = new AtomicInteger();
    final List<Check> checks = new CopyOnWriteArrayList<>();
    private final Server server;

    private GrpcBackend(String name, NettyServerBuilder builder) throws IOException {
        this.name = name;
        ServerServiceDefinition echo = ServerServiceDefinition.builder("demo.Echo")
                .addMethod(SAY, ServerCalls.asyncUnaryCall((request, response) -> {
                    traffic.incrementAndGet();
                    response.onNext(name.getBytes(StandardCharsets.UTF_8));
                    response.onCompleted();
                })).build();
        ServerInterceptor recordChecks = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                               ServerCallHandler<Q, A> next) {
                checks.add(new Check(call.getAuthority(), headers.get(TOKEN)));
                return Contexts.interceptCall(io.grpc.Context.current(), call, headers, next);
            }
        };
        this.server = builder.addService(ServerInterceptors.intercept(health.getHealthService(), recordChecks))
                .addService(echo).build().start();
    }

    /** Plaintext HTTP/2 (h2c), as gRPC servers commonly listen. */
    static GrpcBackend h2c(String name) throws IOException {
        return new GrpcBackend(name, NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)));
    }

    /** TLS with ALPN h2, with the given PEM certificate chain and key. */
    static GrpcBackend tls(String name, Path certificate, Path key) throws IOException {
        return new GrpcBackend(name, NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                TlsServerCredentials.create(certificate.toFile(), key.toFile())));
    }

    int port() {
        return server.getPort();
    }

    String url(String scheme) {
        return scheme + "://127.0.0.1:" + port();
    }

    void serving(boolean up) {
        health.setStatus("", up ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
