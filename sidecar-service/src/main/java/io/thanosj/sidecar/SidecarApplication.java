package io.thanosj.sidecar;

import io.thanosj.service.ThanosRole;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the sidecar role ({@code bin/thanosj sidecar}); its wiring is {@link SidecarConfiguration}. */
@SpringBootApplication
public class SidecarApplication {
  public static void main(String[] args) {
    ThanosRole.run("sidecar", SidecarApplication.class, SidecarFlags.class, args);
  }
}
