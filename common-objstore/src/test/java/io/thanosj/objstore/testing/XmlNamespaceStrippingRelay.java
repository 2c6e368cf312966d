package io.thanosj.objstore.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Lets the Aliyun OSS SDK talk to S3Proxy. OSS speaks the S3 REST dialect, but its SDK reads XML
 * answers without namespaces, while S3Proxy declares the S3 namespace on every XML root, so list
 * and multipart answers parse as empty. This relay forwards each request unchanged and removes
 * only that namespace declaration from XML answers; bodies stream in both directions (a 300 MB
 * object never sits in memory). S3Proxy keeps all storage semantics.
 */
public final class XmlNamespaceStrippingRelay implements AutoCloseable {
    private static final String S3_NAMESPACE = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
    private static final Set<String> REQUEST_SKIP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");
    private static final Set<String> RESPONSE_SKIP = Set.of("content-length", "transfer-encoding", "connection", "date",
            "keep-alive");

    private final HttpServer server;
    private final HttpClient client;
    private final ExecutorService executor;
    private final int upstreamPort;

    public XmlNamespaceStrippingRelay(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "xmlns-relay");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::relay);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void relay(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + upstreamPort + ex.getRequestURI()))
                    .method(method, body(ex));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (REQUEST_SKIP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                for (String v : h.getValue()) {
                    try {
                        rb.header(h.getKey(), v);
                    } catch (IllegalArgumentException restricted) {
                        // a header java.net.http sets itself
                    }
                }
            }
            HttpResponse<InputStream> r;
            try {
                r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            for (Map.Entry<String, List<String>> h : r.headers().map().entrySet()) {
                String k = h.getKey().toLowerCase(Locale.ROOT);
                if (!RESPONSE_SKIP.contains(k) && !k.startsWith(":")) {
                    h.getValue().forEach(v -> ex.getResponseHeaders().add(h.getKey(), v));
                }
            }
            long upstreamLength = r.headers().firstValueAsLong("content-length").orElse(-1);
            try (InputStream in = r.body()) {
                if (method.equals("HEAD") || r.statusCode() == 204 || r.statusCode() == 304) {
                    if (upstreamLength >= 0) {
                        ex.getResponseHeaders().set("Content-Length", Long.toString(upstreamLength));
                    }
                    ex.sendResponseHeaders(r.statusCode(), -1);
                } else if (r.headers().firstValue("content-type").orElse("").contains("xml")) {
                    byte[] xml = new String(in.readAllBytes(), UTF_8).replace(S3_NAMESPACE, "").getBytes(UTF_8);
                    ex.sendResponseHeaders(r.statusCode(), xml.length == 0 ? -1 : xml.length);
                    ex.getResponseBody().write(xml);
                } else {
                    ex.sendResponseHeaders(r.statusCode(), upstreamLength == 0 ? -1 : Math.max(upstreamLength, 0));
                    try (OutputStream out = ex.getResponseBody()) {
                        in.transferTo(out);
                    }
                }
            }
        }
    }

    private static HttpRequest.BodyPublisher body(HttpExchange ex) {
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        long length = cl == null ? -1 : Long.parseLong(cl.trim());
        if (length == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        boolean chunked = "chunked".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Transfer-Encoding"));
        if (length < 0 && !chunked) {
            return HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(ex::getRequestBody);
        return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
