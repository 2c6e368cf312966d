package io.thanosj.store;

import io.thanosj.service.ThanosRole;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the store gateway role ({@code bin/thanosj store}); its wiring is {@link StoreConfiguration}. */
@SpringBootApplication
public class StoreApplication {
  public static void main(String[] args) {
    ThanosRole.run("store", StoreApplication.class, StoreFlags.class, args);
  }
}
