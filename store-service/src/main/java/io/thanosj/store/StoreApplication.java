package io.thanosj.store;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the store role ({@code bin/thanosj store}). Its wiring lives in this package. */
@SpringBootApplication
public class StoreApplication {
  public static void main(String[] args) {
    SpringApplication.run(StoreApplication.class, args);
  }
}
