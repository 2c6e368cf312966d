package io.thanosj.service.probe;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Thanos' probe endpoints: 200 "OK", or 503 "NOT OK" (the body Go's http.Error writes). */
@RestController
public class ProbeController {

  private final Probe probe;

  public ProbeController(Probe probe) {
    this.probe = probe;
  }

  @GetMapping("/-/healthy")
  public ResponseEntity<String> healthy() {
    return answer(probe.isHealthy());
  }

  @GetMapping("/-/ready")
  public ResponseEntity<String> ready() {
    return answer(probe.isReady());
  }

  private static ResponseEntity<String> answer(boolean ok) {
    return ResponseEntity.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .contentType(MediaType.TEXT_PLAIN)
        .body(ok ? "OK" : "NOT OK\n");
  }
}
