package io.thanosj.query.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** The UI's routes against the page and assets the npm build put on the classpath. */
@WebMvcTest(controllers = UiPages.class)
class UiPagesTest {
  private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/main-[A-Z0-9]+\\.js)\"");
  private static final Pattern STYLE = Pattern.compile("href=\"(/assets/style-[A-Z0-9]+\\.css)\"");

  @Autowired MockMvc mvc;

  @Test
  void servesThePageAtEveryUiRouteWithoutCaching() throws Exception {
    for (String path : new String[] {"/", "/graph", "/stores"}) {
      String page =
          mvc.perform(get(path))
              .andExpect(status().isOk())
              .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
              .andExpect(header().string("Cache-Control", "no-cache"))
              .andReturn()
              .getResponse()
              .getContentAsString();
      assertThat(page).as(path).contains("<main id=\"app\"></main>");
    }
  }

  @Test
  void servesTheHashedAssetsThePageLinksAsImmutable() throws Exception {
    String page = mvc.perform(get("/")).andReturn().getResponse().getContentAsString();
    for (Pattern asset : new Pattern[] {SCRIPT, STYLE}) {
      Matcher m = asset.matcher(page);
      assertThat(m.find()).as("page links %s", asset).isTrue();
      byte[] body =
          mvc.perform(get(m.group(1)))
              .andExpect(status().isOk())
              .andExpect(header().string("Cache-Control", "max-age=31536000, public, immutable"))
              .andReturn()
              .getResponse()
              .getContentAsByteArray();
      assertThat(body.length).as(m.group(1)).isGreaterThan(1000);
    }
  }

  @Test
  void unknownAssetIsNotFound() throws Exception {
    mvc.perform(get("/assets/main-NOPE.js")).andExpect(status().isNotFound());
  }
}
