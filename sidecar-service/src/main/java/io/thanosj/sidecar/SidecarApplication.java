package io.thanosj.sidecar;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the sidecar role ({@code bin/thanosj sidecar}). Its wiring lives in this package. */
@SpringBootApplication
public class SidecarApplication {
  public static void main(String[] args) {
    SpringApplication.run(SidecarApplication.class, args);
  }
}
