package io.thanosj.sidecar.remoteread;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;

/**
 * Walks the {@code ChunkedSeries} of one remote-read {@code ChunkedReadResponse} message in place:
 * label names and values and chunk data are offsets into the message array, chunk times and types
 * are primitives. Nothing is allocated per series, label or chunk, so the sidecar can copy the bytes
 * straight into its StoreAPI answer instead of building protobuf objects twice.
 *
 * <p>Decoding follows protobuf's rules as the generated classes do: fields may come in any order,
 * unknown fields (or known numbers with an unexpected wire type) are skipped, a repeated scalar
 * field keeps its last value, and absent fields are empty or zero. Field numbers are Prometheus'
 * {@code prompb}: ChunkedReadResponse {chunked_series = 1, query_index = 2}, ChunkedSeries
 * {labels = 1, chunks = 2}, Label {name = 1, value = 2}, Chunk {min_time_ms = 1, max_time_ms = 2,
 * type = 3, data = 4}.
 */
public final class ChunkedSeriesCursor {

  private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
  private static final int VARINT = WireFormat.WIRETYPE_VARINT;
  private static final int RESPONSE_SERIES = 1 << 3 | LEN;
  private static final int SERIES_LABEL = 1 << 3 | LEN;
  private static final int SERIES_CHUNK = 2 << 3 | LEN;
  private static final int LABEL_NAME = 1 << 3 | LEN;
  private static final int LABEL_VALUE = 2 << 3 | LEN;
  private static final int CHUNK_MIN_TIME = 1 << 3 | VARINT;
  private static final int CHUNK_MAX_TIME = 2 << 3 | VARINT;
  private static final int CHUNK_TYPE = 3 << 3 | VARINT;
  private static final int CHUNK_DATA = 4 << 3 | LEN;

  private byte[] buf = new byte[0];
  private CodedInputStream in = CodedInputStream.newInstance(buf);

  // The current series. Labels: offsets and lengths of name and value; chunks: primitives.
  private int labels;
  private int[] label = new int[4 * 16];
  private int chunks;
  private long[] minTime = new long[16];
  private long[] maxTime = new long[16];
  private int[] type = new int[16];
  private int[] data = new int[2 * 16];

  /** Starts on a new message: {@code message[0, length)}, which must not change while in use. */
  public void reset(byte[] message, int length) {
    buf = message;
    in = CodedInputStream.newInstance(message, 0, length);
    labels = 0;
    chunks = 0;
  }

  /**
   * Advances to the next series of the message; false when there is none.
   *
   * @throws InvalidProtocolBufferException when the message is not a valid ChunkedReadResponse; the
   *     text names the byte offset in the message
   */
  public boolean next() throws InvalidProtocolBufferException {
    labels = 0;
    chunks = 0;
    try {
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          return false;
        }
        if (tag == RESPONSE_SERIES) {
          int limit = in.pushLimit(in.readRawVarint32());
          readSeries();
          in.popLimit(limit);
          return true;
        }
        skip(tag);
      }
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidProtocolBufferException(
          "undecodable ChunkedReadResponse near message offset " + in.getTotalBytesRead() + ": " + e.getMessage());
    } catch (IOException e) {
      // An array-backed CodedInputStream reports every problem as InvalidProtocolBufferException.
      throw new IllegalStateException(e);
    }
  }

  private void readSeries() throws IOException {
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == SERIES_LABEL) {
        int limit = in.pushLimit(in.readRawVarint32());
        readLabel();
        in.popLimit(limit);
      } else if (tag == SERIES_CHUNK) {
        int limit = in.pushLimit(in.readRawVarint32());
        readChunk();
        in.popLimit(limit);
      } else {
        skip(tag);
      }
    }
  }

  private void readLabel() throws IOException {
    if (4 * labels + 4 > label.length) {
      label = Arrays.copyOf(label, label.length * 2);
    }
    int at = 4 * labels;
    label[at] = label[at + 1] = label[at + 2] = label[at + 3] = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == LABEL_NAME) {
        readSlice(label, at);
      } else if (tag == LABEL_VALUE) {
        readSlice(label, at + 2);
      } else {
        skip(tag);
      }
    }
    labels++;
  }

  private void readChunk() throws IOException {
    if (chunks == type.length) {
      int n = chunks * 2;
      minTime = Arrays.copyOf(minTime, n);
      maxTime = Arrays.copyOf(maxTime, n);
      type = Arrays.copyOf(type, n);
      data = Arrays.copyOf(data, 2 * n);
    }
    int c = chunks;
    minTime[c] = 0;
    maxTime[c] = 0;
    type[c] = 0;
    data[2 * c] = data[2 * c + 1] = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case CHUNK_MIN_TIME -> minTime[c] = in.readInt64();
        case CHUNK_MAX_TIME -> maxTime[c] = in.readInt64();
        case CHUNK_TYPE -> type[c] = in.readEnum();
        case CHUNK_DATA -> readSlice(data, 2 * c);
        default -> skip(tag);
      }
    }
    chunks++;
  }

  private void skip(int tag) throws IOException {
    if (!in.skipField(tag)) {
      throw new InvalidProtocolBufferException("end-group tag (" + tag + ") outside a group");
    }
  }

  /** Records offset and length of a length-delimited field's payload and skips over it. */
  private void readSlice(int[] into, int at) throws IOException {
    int length = in.readRawVarint32();
    if (length < 0) {
      throw new InvalidProtocolBufferException("negative length " + length);
    }
    into[at] = in.getTotalBytesRead();
    into[at + 1] = length;
    in.skipRawBytes(length); // fails if the field runs past its message
  }

  /** The message array that offsets point into. */
  public byte[] buffer() {
    return buf;
  }

  public int labelCount() {
    return labels;
  }

  public int nameOffset(int i) {
    return label[4 * i];
  }

  public int nameLength(int i) {
    return label[4 * i + 1];
  }

  public int valueOffset(int i) {
    return label[4 * i + 2];
  }

  public int valueLength(int i) {
    return label[4 * i + 3];
  }

  public int chunkCount() {
    return chunks;
  }

  public long minTime(int i) {
    return minTime[i];
  }

  public long maxTime(int i) {
    return maxTime[i];
  }

  /** Remote read's numbering: UNKNOWN = 0, XOR = 1, HISTOGRAM = 2, FLOAT_HISTOGRAM = 3. */
  public int type(int i) {
    return type[i];
  }

  public int dataOffset(int i) {
    return data[2 * i];
  }

  public int dataLength(int i) {
    return data[2 * i + 1];
  }
}
