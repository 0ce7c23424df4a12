package org.saferwayout.auditor;

import com.fasterxml.jackson.databind.ObjectReader;
import org.saferwayout.exchange.audit.AuditSource;
import org.saferwayout.exchange.audit.SignedCheckpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An exported bundle as the verifier's source: read line by line, never whole into memory. */
final class BundleAuditSource implements AuditSource {

    private static final ObjectReader LINE = BundleFormat.JSON.readerFor(BundleFormat.Line.class);
    private static final int BATCH = 2048;

    private final Path file;
    private final List<Long> outside = new ArrayList<>();
    private BundleFormat.Header header;
    private final List<SignedCheckpoint> checkpoints = new ArrayList<>();

    BundleAuditSource(Path file) throws IOException {
        this.file = file;
        readHead();
    }

    private void readHead() throws IOException {
        try (var reader = Files.newBufferedReader(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                BundleFormat.Line parsed = LINE.readValue(line);
                if (parsed.header() != null) {
                    header = parsed.header();
                } else if (parsed.checkpoint() != null) {
                    checkpoints.add(parsed.checkpoint().signed());
                } else {
                    break;
                }
            }
        }
        if (header == null || !BundleFormat.FORMAT.equals(header.bundle())) {
            throw new IOException("not an exchange audit bundle (" + BundleFormat.FORMAT + ")");
        }
    }

    @Override
    public long leafCount() {
        return header.leaves();
    }

    @Override
    public void forEachLeaf(LeafVisitor visitor) throws Exception {
        outside.clear();
        try (InputStream in = Files.newInputStream(file)) {
            LineSplitter lines = new LineSplitter(in);
            List<byte[]> batch = new ArrayList<>(BATCH);
            while (lines.next()) {
                if (lines.length() == 0) {
                    continue;
                }
                batch.add(java.util.Arrays.copyOfRange(lines.buffer(), lines.offset(), lines.offset() + lines.length()));
                if (batch.size() == BATCH) {
                    visit(batch, visitor);
                    batch.clear();
                }
            }
            visit(batch, visitor);
        }
    }

    /** Parses a batch of lines on every core (JSON and base64 are most of the work), then visits them in order. */
    private void visit(List<byte[]> batch, LeafVisitor visitor) throws Exception {
        BundleFormat.Line[] parsed = new BundleFormat.Line[batch.size()];
        java.util.stream.IntStream.range(0, batch.size()).parallel().forEach(i -> {
            try {
                parsed[i] = LINE.readValue(batch.get(i));
            } catch (IOException unreadable) {
                throw new java.io.UncheckedIOException(unreadable);
            }
        });
        for (BundleFormat.Line line : parsed) {
            if (line.leaf() != null) {
                BundleFormat.Leaf leaf = line.leaf();
                visitor.visit(new Leaf(leaf.index(), leaf.globalIndex(), leaf.leafHash(),
                        leaf.event() == null ? null : leaf.event().stored()));
            } else if (line.outside() != null) {
                outside.add(line.outside().globalIndex());
            }
        }
    }

    @Override
    public void forEachEventOutsideTheTree(GlobalIndexVisitor visitor) throws Exception {
        for (long globalIndex : outside) {
            visitor.visit(globalIndex);
        }
    }

    @Override
    public List<SignedCheckpoint> checkpoints() {
        return List.copyOf(checkpoints);
    }

    /** Splits a stream into lines without decoding them to strings (Jackson reads the UTF-8 bytes). */
    private static final class LineSplitter {
        private final InputStream in;
        private byte[] buffer = new byte[1 << 20];
        private int start;
        private int end;
        private int lineStart;
        private int lineLength;
        private boolean eof;

        LineSplitter(InputStream in) {
            this.in = in;
        }

        boolean next() throws IOException {
            int scan = start;
            while (true) {
                for (int i = scan; i < end; i++) {
                    if (buffer[i] == '\n') {
                        lineStart = start;
                        lineLength = i - start;
                        start = i + 1;
                        return true;
                    }
                }
                if (eof) {
                    if (end > start) {
                        lineStart = start;
                        lineLength = end - start;
                        start = end;
                        return true;
                    }
                    return false;
                }
                // compact, grow if one line fills the buffer, then read more
                int pending = end - start;
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, pending);
                } else if (pending == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
                start = 0;
                end = pending;
                scan = pending;
                int read = in.read(buffer, end, buffer.length - end);
                if (read < 0) {
                    eof = true;
                } else {
                    end += read;
                }
            }
        }

        byte[] buffer() {
            return buffer;
        }

        int offset() {
            return lineStart;
        }

        int length() {
            return lineLength;
        }
    }
}
