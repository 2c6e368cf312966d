package io.thanosj.sidecar.promclient;

import static io.thanosj.sidecar.promclient.HttpBodyInputStreamTest.ascii;
import static io.thanosj.sidecar.promclient.HttpBodyInputStreamTest.chunked;
import static io.thanosj.sidecar.promclient.HttpBodyInputStreamTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PrometheusClient#remoteRead} against a local socket that answers with crafted HTTP/1.1
 * responses, written in pieces so that the client sees them split at awkward places.
 */
@Timeout(30)
class RemoteReadOverCraftedHttpTest {

  private static final byte[] SNAPPY_REQUEST = random(300);
  /** A thread per task: the common pool may have a single thread on a small machine. */
  private static final Executor THREADS = task -> {
    Thread t = new Thread(task, "crafted-http");
    t.setDaemon(true);
    t.start();
  };

  private ServerSocket server;
  private CompletableFuture<byte[]> received;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    server.close();
  }

  @Test
  void theRequestKeepsThePathPrefixAndCarriesTheRemoteReadHeaders() throws Exception {
    serve(false, ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
    try (StreamedHttpResponse r = client("/prom/").remoteRead(SNAPPY_REQUEST)) {
      assertThat(r.body().read()).isEqualTo(-1);
    }
    String request = new String(received.get(10, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
    int split = request.indexOf("\r\n\r\n");
    List<String> head = List.of(request.substring(0, split).split("\r\n"));
    assertThat(head.get(0)).isEqualTo("POST /prom/api/v1/read HTTP/1.1");
    assertThat(head).contains(
        "Host: 127.0.0.1:" + server.getLocalPort(),
        "User-Agent: ThanosJ-sidecar",
        "Content-Encoding: snappy",
        "Content-Type: application/x-protobuf",
        "X-Prometheus-Remote-Read-Version: 0.1.0",
        "Content-Length: 300");
    assertThat(request.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(SNAPPY_REQUEST);
  }

  @Test
  void aChunkedStreamedResponseIsReadWithItsHeaders() throws Exception {
    byte[] payload = random(3_000_000);
    byte[] body = chunked(payload, 1, 17, 8192, 1_048_576, 1_048_576, 65_535);
    serve(false, ascii("HTTP/1.1 200 OK\r\n"
        + "content-type: application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n"), body);
    try (StreamedHttpResponse r = client("").remoteRead(SNAPPY_REQUEST)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse");
      assertThat(r.header("X-Absent")).isEmpty();
      assertThat(readAll(r.body(), 1_048_576 + 9)).isEqualTo(payload);
      assertThat(r.bodyBytes()).isEqualTo(payload.length);
    }
  }

  @Test
  void contentLengthAndCloseDelimitedBodiesAreRead() throws Exception {
    byte[] payload = random(200_000);
    serve(false, ascii("HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n"), payload);
    try (StreamedHttpResponse r = client("").remoteRead(SNAPPY_REQUEST)) {
      assertThat(readAll(r.body(), 50_000)).isEqualTo(payload);
    }
    serve(false, ascii("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"), payload);
    try (StreamedHttpResponse r = client("").remoteRead(SNAPPY_REQUEST)) {
      assertThat(readAll(r.body(), 50_000)).isEqualTo(payload);
    }
  }

  @Test
  void aTruncatedChunkedBodyIsAnIoExceptionNotACleanEnd() throws Exception {
    byte[] body = chunked(random(100_000), 40_000, 60_000);
    byte[] cut = java.util.Arrays.copyOf(body, 70_000);
    serve(false, ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), cut);
    try (StreamedHttpResponse r = client("").remoteRead(SNAPPY_REQUEST)) {
      assertThatThrownBy(() -> readAll(r.body(), 8192)).isInstanceOf(IOException.class)
          .hasMessageContaining("POST http://127.0.0.1:" + server.getLocalPort() + "/api/v1/read: chunked response body truncated");
    }
  }

  @Test
  void aServerErrorIsReadIntoTheException() throws Exception {
    serve(false, ascii("HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"),
        chunked(ascii("expanding series: too many samples\n"), 9));
    assertThatThrownBy(() -> client("").remoteRead(SNAPPY_REQUEST))
        .isInstanceOf(PrometheusApiException.class)
        .hasMessage("remote read http://127.0.0.1:" + server.getLocalPort() + "/api/v1/read answered 500: expanding series: too many samples")
        .satisfies(e -> assertThat(((PrometheusApiException) e).httpStatus()).isEqualTo(500));
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    serve(false, ascii("HTTP/1.1 301 Moved Permanently\r\nLocation: /other/api/v1/read\r\nContent-Length: 0\r\n\r\n"));
    assertThatThrownBy(() -> client("").remoteRead(SNAPPY_REQUEST))
        .isInstanceOf(PrometheusApiException.class)
        .hasMessageContaining("answered 301: redirect to /other/api/v1/read not followed")
        .satisfies(e -> assertThat(((PrometheusApiException) e).httpStatus()).isEqualTo(301));
  }

  @Test
  void anInterimResponseIsSkipped() throws Exception {
    serve(false, ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    try (StreamedHttpResponse r = client("").remoteRead(SNAPPY_REQUEST)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(new String(readAll(r.body(), 10), StandardCharsets.US_ASCII)).isEqualTo("ok");
    }
  }

  @Test
  void somethingThatIsNotHttpIsReportedAsUnreachable() throws Exception {
    serve(false, ascii("SSH-2.0-OpenSSH_9.2\r\n"));
    assertThatThrownBy(() -> client("").remoteRead(SNAPPY_REQUEST))
        .isInstanceOf(PrometheusApiException.class)
        .hasMessageContaining("Prometheus at http://127.0.0.1:" + server.getLocalPort() + " unreachable (/api/v1/read)")
        .hasMessageContaining("not an HTTP/1.x status line: \"SSH-2.0-OpenSSH_9.2\"");
  }

  @Test
  void aClosedPortIsReportedAsUnreachable() throws IOException {
    int port = server.getLocalPort();
    server.close();
    assertThatThrownBy(() -> new PrometheusClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2)).remoteRead(SNAPPY_REQUEST))
        .isInstanceOf(PrometheusApiException.class)
        .hasMessageStartingWith("Prometheus at http://127.0.0.1:" + port + " unreachable (/api/v1/read): ConnectException")
        .satisfies(e -> assertThat(((PrometheusApiException) e).httpStatus()).isZero());
  }

  @Test
  void closingTheResponseFromAnotherThreadEndsABlockedRead() throws Exception {
    // One chunk, then the server goes quiet with the connection open.
    serve(true, ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
    StreamedHttpResponse r = client("").remoteRead(SNAPPY_REQUEST);
    byte[] buf = new byte[5];
    assertThat(r.body().readNBytes(buf, 0, 5)).isEqualTo(5);
    CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
      try {
        r.body().read(buf, 0, 5);
        return null;
      } catch (IOException e) {
        return e;
      }
    }, THREADS);
    Thread.sleep(200);
    assertThat(reader).isNotDone();
    long t0 = System.nanoTime();
    r.close();
    assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  private PrometheusClient client(String path) {
    return new PrometheusClient(URI.create("http://127.0.0.1:" + server.getLocalPort() + path), Duration.ofSeconds(2));
  }

  /**
   * Accepts one connection, reads the request (head and Content-Length body) into {@link #received},
   * then writes the pieces, each in several small writes with flushes between them; then closes the
   * connection, or with {@code hold} keeps it open until the test ends.
   */
  private void serve(boolean hold, byte[]... pieces) {
    received = CompletableFuture.supplyAsync(() -> {
      try (Socket s = server.accept()) {
        s.setTcpNoDelay(true);
        byte[] request = readRequest(s.getInputStream());
        OutputStream out = s.getOutputStream();
        for (byte[] p : pieces) {
          // Split at odd places: a few single bytes, then the rest in 7 KiB writes.
          int at = 0;
          for (int i = 0; i < 3 && at < p.length; i++, at++) {
            out.write(p[at]);
            out.flush();
          }
          while (at < p.length) {
            int n = Math.min(7 * 1024 + 3, p.length - at);
            out.write(p, at, n);
            out.flush();
            at += n;
          }
        }
        if (hold) {
          release.await(30, TimeUnit.SECONDS);
        }
        return request;
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, THREADS);
  }

  private static byte[] readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended early");
      }
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        break;
      }
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    head.write(in.readNBytes(length));
    return head.toByteArray();
  }

  private static byte[] readAll(InputStream in, int readSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[readSize];
    for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
