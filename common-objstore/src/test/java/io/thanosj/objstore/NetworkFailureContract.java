package io.thanosj.objstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.objstore.testing.ConnectionCuttingRelay;
import io.thanosj.objstore.testing.GeneratedContent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Uploads through a relay that breaks the connection mid-request: a one-off cut is retried and
 * the object arrives whole; an outage fails the upload and leaves nothing visible under the name.
 * Subclasses provide a bucket reached through the relay and one reached directly.
 */
public abstract class NetworkFailureContract {
    protected static final long PART = 5L * 1024 * 1024;

    protected ConnectionCuttingRelay relay;
    protected Bucket throughRelay;
    protected Bucket direct;

    /** Port of the real server the relay forwards to. */
    protected abstract int upstreamPort();

    /** A fresh, empty bucket; the same one reached through {@code relayPort} and directly. */
    protected abstract Bucket[] newBucketPair(int relayPort) throws Exception;

    /** Multipart uploads started and neither completed nor aborted, or -1 if unknown. */
    protected abstract int pendingMultipartUploads() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        relay = new ConnectionCuttingRelay(upstreamPort());
        Bucket[] pair = newBucketPair(relay.port());
        throughRelay = pair[0];
        direct = pair[1];
    }

    @AfterEach
    void tearDown() throws Exception {
        throughRelay.close();
        direct.close();
        relay.close();
    }

    private List<String> everything() throws IOException {
        List<String> all = new ArrayList<>();
        direct.iter("", all::add, true);
        return all;
    }

    @Test
    void oneCutMidPartIsRetriedAndTheObjectArrivesWhole() throws Exception {
        GeneratedContent content = new GeneratedContent(21, 2 * PART + PART / 2);
        relay.cutAfter(PART + PART / 2, false);
        throughRelay.upload("blocks/01/chunks/000001", content.stream(), content.size());
        assertThat(relay.cuts()).isEqualTo(1);
        try (InputStream in = direct.get("blocks/01/chunks/000001")) {
            assertThat(GeneratedContent.sha256(in)).isEqualTo(content.sha256());
        }
    }

    @Test
    void outageMidMultipartUploadLeavesNoObject() throws Exception {
        GeneratedContent content = new GeneratedContent(22, 2 * PART + PART / 2);
        relay.cutAfter(PART + PART / 2, true);
        assertThatThrownBy(() -> throughRelay.upload("blocks/02/index", content.stream(), -1))
                .isInstanceOf(BucketException.class)
                .satisfies(e -> assertThat(((BucketException) e).isTransient()).isTrue());
        relay.heal();
        assertThat(direct.exists("blocks/02/index")).isFalse();
        assertThat(everything()).isEmpty();
    }

    @Test
    void outageMidSingleRequestUploadLeavesNoObject() throws Exception {
        GeneratedContent content = new GeneratedContent(23, PART / 2);
        relay.cutAfter(PART / 5, true);
        assertThatThrownBy(() -> throughRelay.upload("blocks/03/meta.json", content.stream(), content.size()))
                .isInstanceOf(BucketException.class);
        relay.heal();
        assertThat(direct.exists("blocks/03/meta.json")).isFalse();
        assertThat(everything()).isEmpty();
    }

    @Test
    void failedSourceAbortsTheMultipartUpload() throws Exception {
        GeneratedContent content = new GeneratedContent(24, PART + 100);
        IOException boom = new IOException("disk read failed");
        InputStream failing = new InputStream() {
            final InputStream in = content.stream();

            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b < 0) {
                    throw boom;
                }
                return b;
            }
        };
        assertThatThrownBy(() -> throughRelay.upload("blocks/04/index", failing, -1)).isSameAs(boom);
        assertThat(everything()).isEmpty();
        int pending = pendingMultipartUploads();
        if (pending >= 0) {
            assertThat(pending).as("the multipart upload was aborted").isZero();
        }
    }
}
