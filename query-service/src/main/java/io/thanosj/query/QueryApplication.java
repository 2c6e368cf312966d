package io.thanosj.query;

import io.thanosj.service.ThanosRole;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the query role ({@code bin/thanosj query}); its wiring is {@link QueryConfiguration}. */
@SpringBootApplication
public class QueryApplication {
  public static void main(String[] args) {
    ThanosRole.run("query", QueryApplication.class, QueryFlags.class, args);
  }
}
