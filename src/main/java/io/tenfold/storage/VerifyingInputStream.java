package io.tenfold.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Passes a file through and checks its size and SHA-256 against the manifest's: the digest as soon
 * as the recorded size has been read, the size at the end of the stream (or as soon as it is
 * exceeded). A reader that stops early has not read a verified file.
 */
final class VerifyingInputStream extends FilterInputStream {

    private final String where;
    private final ArtifactManifest.FileEntry expected;
    private final MessageDigest digest = ArtifactStore.sha256();
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream in, String where, ArtifactManifest.FileEntry expected) {
        super(in);
        this.where = where;
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            verify();
        } else {
            digest.update((byte) b);
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            verify();
        } else if (n > 0) {
            digest.update(buffer, offset, n);
            counted(n);
        }
        return n;
    }

    /** Skipped bytes are read, so that the digest covers them. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readLimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void counted(int n) throws CorruptArtifactException {
        count += n;
        if (count > expected.size()) {
            throw new CorruptArtifactException("%s is longer than the %d bytes its manifest records"
                    .formatted(where, expected.size()));
        }
        if (count == expected.size()) {
            verifyDigest();
        }
    }

    private void verify() throws CorruptArtifactException {
        if (count != expected.size()) {
            throw new CorruptArtifactException("%s has %d bytes, its manifest records %d"
                    .formatted(where, count, expected.size()));
        }
        verifyDigest();
    }

    private void verifyDigest() throws CorruptArtifactException {
        if (verified) {
            return;
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(expected.sha256())) {
            throw new CorruptArtifactException("%s has SHA-256 %s, its manifest records %s"
                    .formatted(where, actual, expected.sha256()));
        }
        verified = true;
    }
}
