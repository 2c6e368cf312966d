package io.thanosj.query.ui;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Serves the web UI's single page at every path the UI routes itself: the query page at {@code /} (and
 * {@code /graph}, where the Prometheus and Thanos UIs put it, so their shared links open here) and the
 * stores page at {@code /stores}. The page's scripts live under {@code /assets/}, see {@link UiAssets}.
 */
@Controller
public class UiPages {
  static final String INDEX = "static/index.html";

  private final Resource index = new ClassPathResource(INDEX);

  @GetMapping({"/", "/graph", "/stores"})
  public ResponseEntity<?> page() {
    if (!index.exists()) {
      // The jar was built with -Dui.skip (or without Node.js): say so rather than answering a bare 404.
      return ResponseEntity.status(HttpStatus.NOT_FOUND)
          .contentType(MediaType.TEXT_PLAIN)
          .body("The web UI is not part of this build: build query-service without -Dui.skip.\n");
    }
    // The page names its assets by content hash, so only the page itself must be revalidated.
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noCache())
        .contentType(MediaType.TEXT_HTML)
        .body(index);
  }
}
