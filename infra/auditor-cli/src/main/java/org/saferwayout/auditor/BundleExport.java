package org.saferwayout.auditor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.saferwayout.exchange.audit.JdbcAuditSource;
import org.saferwayout.exchange.audit.SignedCheckpoint;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes an audit bundle (see {@link BundleFormat}) from any source, the live exchange in practice. */
final class BundleExport {

    private BundleExport() {
    }

    /** Returns the number of leaves written. */
    static long export(JdbcAuditSource source, Path file, ProgressBar progress) throws Exception {
        ObjectWriter writer = BundleFormat.JSON.writerFor(BundleFormat.Line.class)
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        List<SignedCheckpoint> checkpoints = source.checkpoints();
        long total = source.leafCount();
        long[] written = {0, 0};
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            line(writer, out, new BundleFormat.Line(new BundleFormat.Header(BundleFormat.FORMAT, Instant.now().toString(),
                    total, checkpoints.size()), null, null, null, null));
            for (SignedCheckpoint checkpoint : checkpoints) {
                line(writer, out, new BundleFormat.Line(null, BundleFormat.Checkpoint.of(checkpoint), null, null, null));
            }
            source.forEachLeaf(leaf -> {
                line(writer, out, new BundleFormat.Line(null, null, new BundleFormat.Leaf(leaf.leafIndex(),
                        leaf.globalIndex(), leaf.recordedHash(),
                        leaf.event() == null ? null : BundleFormat.Event.of(leaf.event())), null, null));
                if (++written[0] % 10_000 == 0) {
                    progress.update(written[0], total);
                }
            });
            source.forEachEventRowOutsideTheTree(event -> {
                line(writer, out, new BundleFormat.Line(null, null, null, BundleFormat.Event.of(event), null));
                written[1]++;
            });
            line(writer, out, new BundleFormat.Line(null, null, null, null, new BundleFormat.End(written[0], written[1])));
        }
        progress.done(written[0], total);
        return written[0];
    }

    private static void line(ObjectWriter writer, OutputStream out, BundleFormat.Line line) throws Exception {
        writer.writeValue(out, line);
        out.write('\n');
    }

}
