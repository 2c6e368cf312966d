package io.thanosj.sidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A GET returning the body, for probing Prometheus in tests. */
public final class HttpGet {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private HttpGet() {}

  public static String body(java.net.URI uri) {
    try {
      return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String body(String uri) {
    return body(java.net.URI.create(uri));
  }
}
