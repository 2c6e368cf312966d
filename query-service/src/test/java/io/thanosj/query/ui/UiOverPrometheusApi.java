package io.thanosj.query.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web server with the UI's own pages and assets, whose {@code /api/v1/*} is a real Prometheus' API,
 * passed through unchanged. It shows the UI works with the API it imitates, answer for answer.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({
  ServletWebServerFactoryAutoConfiguration.class,
  DispatcherServletAutoConfiguration.class,
  WebMvcAutoConfiguration.class,
  HttpMessageConvertersAutoConfiguration.class
})
@Import({UiPages.class, UiAssets.class, UiOverPrometheusApi.PassThrough.class})
class UiOverPrometheusApi {
  /** Set before the context starts: where the real Prometheus listens. */
  static volatile URI prometheus;

  @RestController
  static class PassThrough {
    private final HttpClient http = HttpClient.newHttpClient();

    @GetMapping("/api/v1/**")
    ResponseEntity<byte[]> pass(HttpServletRequest request) throws IOException, InterruptedException {
      String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
      HttpResponse<byte[]> answer =
          http.send(
              HttpRequest.newBuilder(prometheus.resolve(request.getRequestURI() + query)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return ResponseEntity.status(answer.statusCode())
          .contentType(MediaType.parseMediaType(answer.headers().firstValue("Content-Type").orElse("application/json")))
          .body(answer.body());
    }
  }
}
