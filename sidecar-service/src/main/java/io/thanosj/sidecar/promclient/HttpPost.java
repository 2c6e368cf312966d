package io.thanosj.sidecar.promclient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A blocking HTTP/1.1 POST on a connection of its own, for the remote read: the request goes out in
 * one write, and the response body is read by the caller's thread straight from the socket. Next to
 * the JDK's HttpClient this saves, per streamed response, its selector thread's reads into fresh heap
 * buffers, the hand-off of every piece to the reading thread and one more copy (about 75 ms of CPU
 * for a 9 MB remote-read body); the other Prometheus calls are small and stay on the JDK client.
 *
 * <p>No redirects are followed, no connection is reused ({@code Connection: close}), and there is
 * no read timeout: a remote read streams for as long as the caller's deadline allows, and the
 * caller ends it early by closing the response.
 */
final class HttpPost {

  private HttpPost() {}

  /**
   * Connects, sends the request and reads the status line and headers.
   *
   * @param url absolute http or https URL
   * @param headers name/value pairs, in order; Host, Content-Length and Connection are added here
   * @param coalesceNanos wait before reading again after a short read (see {@link HttpBodyInputStream})
   * @throws IOException the connection failed or the response head is not HTTP/1.x
   */
  static StreamedHttpResponse send(URI url, List<String[]> headers, byte[] body, int connectTimeoutMillis, long coalesceNanos) throws IOException {
    boolean tls = "https".equalsIgnoreCase(url.getScheme());
    if (!tls && !"http".equalsIgnoreCase(url.getScheme())) {
      throw new IOException("unsupported URL scheme in " + url);
    }
    String host = url.getHost();
    if (host == null) {
      throw new IOException("no host in " + url);
    }
    int port = url.getPort() >= 0 ? url.getPort() : tls ? 443 : 80;
    String source = "POST " + url;
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      // URI keeps an IPv6 literal in brackets; the resolver wants it bare.
      String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      socket.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
      if (tls) {
        socket = startTls(socket, address, port);
      }
      OutputStream out = socket.getOutputStream();
      out.write(request(url, host, port, tls, headers, body));
      out.flush();
      HttpBodyInputStream in = new HttpBodyInputStream(socket.getInputStream(), socket, source, coalesceNanos);
      return readHead(in, source);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static Socket startTls(Socket plain, String host, int port) throws IOException {
    SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
    SSLParameters params = ssl.getSSLParameters();
    // SSLSocket checks the certificate chain but not the name in it unless asked to.
    params.setEndpointIdentificationAlgorithm("HTTPS");
    ssl.setSSLParameters(params);
    ssl.startHandshake();
    return ssl;
  }

  private static byte[] request(URI url, String host, int port, boolean tls, List<String[]> headers, byte[] body) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host);
    if (port != (tls ? 443 : 80)) {
      head.append(':').append(port);
    }
    head.append("\r\n");
    for (String[] h : headers) {
      head.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    ByteArrayOutputStream b = new ByteArrayOutputStream(head.length() + body.length);
    b.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    b.writeBytes(body);
    return b.toByteArray();
  }

  private static StreamedHttpResponse readHead(HttpBodyInputStream in, String source) throws IOException {
    int status;
    do {
      String statusLine = in.readHeaderLine();
      if (statusLine == null) {
        throw new IOException(source + ": the connection ended before a response arrived");
      }
      status = parseStatus(statusLine, source);
      Map<String, String> headers = readHeaders(in, source);
      if (status / 100 == 1 && status != 101) {
        continue; // an interim response (e.g. 100 Continue); the real one follows
      }
      startBody(in, status, headers, source);
      return new StreamedHttpResponse(status, headers, in);
    } while (true);
  }

  private static int parseStatus(String line, String source) throws IOException {
    // HTTP-version SP 3DIGIT SP [reason-phrase]
    if (line.length() < 12 || !line.startsWith("HTTP/1.") || line.charAt(8) != ' '
        || (line.length() > 12 && line.charAt(12) != ' ')) {
      throw new IOException(source + ": not an HTTP/1.x status line: \"" + cut(line) + "\"");
    }
    int status = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw new IOException(source + ": not an HTTP/1.x status line: \"" + cut(line) + "\"");
      }
      status = status * 10 + (c - '0');
    }
    return status;
  }

  private static Map<String, String> readHeaders(HttpBodyInputStream in, String source) throws IOException {
    Map<String, String> headers = new HashMap<>();
    int count = 0;
    String line;
    while ((line = in.readHeaderLine()) != null && !line.isEmpty()) {
      if (++count > 200) {
        throw new IOException(source + ": more than 200 response header fields");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException(source + ": malformed response header line \"" + cut(line) + "\"");
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }
    if (line == null) {
      throw new IOException(source + ": the connection ended inside the response headers");
    }
    return headers;
  }

  /** RFC 9112 section 6.3: chunked if it is the last transfer coding, else Content-Length, else until close. */
  private static void startBody(HttpBodyInputStream in, int status, Map<String, String> headers, String source) throws IOException {
    if (status == 204 || status == 304) {
      in.startLength(0);
      return;
    }
    String te = headers.get("transfer-encoding");
    if (te != null) {
      String last = te.substring(te.lastIndexOf(',') + 1).trim();
      if (last.equalsIgnoreCase("chunked")) {
        in.startChunked();
      } else {
        in.startUntilClose();
      }
      return;
    }
    String cl = headers.get("content-length");
    if (cl == null) {
      in.startUntilClose();
      return;
    }
    long length;
    try {
      length = Long.parseLong(cl);
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0) {
      throw new IOException(source + ": invalid Content-Length \"" + cut(cl) + "\"");
    }
    in.startLength(length);
  }

  private static String cut(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
