package io.thanosj.tsdb.index;

import io.thanosj.tsdb.encoding.DecodeBuffer;
import io.thanosj.tsdb.postings.BigEndianPostings;

/** Decoding of one on-disk postings list: {@code len BE32 | n BE32 | n × BE32 ref | CRC32C}. */
public final class PostingsList {

  private PostingsList() {}

  /**
   * Lazily iterates a checksum-verified list body ({@code n} then the references), e.g. from {@link
   * Sections#read}. Fails if the count disagrees with the body length.
   */
  public static BigEndianPostings decode(DecodeBuffer body) {
    int start = body.position();
    int n = body.be32Length("postings count");
    if ((long) n * 4 != body.remaining()) {
      throw body.corrupt("postings list claims " + n + " references but holds " + body.remaining() + " bytes");
    }
    return new BigEndianPostings(body.buffer(), start + 4, n);
  }
}
