package org.saferwayout.auditor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saferwayout.exchange.audit.AuditTables;
import org.saferwayout.exchange.audit.CheckpointSigner;
import org.saferwayout.exchange.audit.CheckpointWitness;
import org.saferwayout.exchange.audit.MerkleProofs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance test of tamper evidence (issue 6): each case tampers with a fresh exchange of 25 events (three
 * signed checkpoints, at 10, 20 and 25 leaves, all witnessed) the way a database administrator could, and
 * {@code swo-audit verify} must exit 1 naming the first bad position; the untouched store verifies (exit 0).
 */
class TamperDetectionTest {

    @TempDir
    Path dir;

    private static FreshExchange store() throws Exception {
        return FreshExchange.h2().withEvents(25).checkpointed();
    }

    private static void assertTampered(FreshExchange.Run run, String firstBadPosition) {
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(AuditorCommand.TAMPERED);
        assertThat(run.out()).contains("TAMPERED: first bad position: " + firstBadPosition);
    }

    @Test
    void anUntouchedStoreVerifies() throws Exception {
        FreshExchange exchange = store();
        FreshExchange.Run run = exchange.verify("--witness-file", exchange.witnessFile(dir).toString());
        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(AuditorCommand.INTACT);
        assertThat(run.out()).contains("INTACT: 25 events in the tree, 3 signed checkpoints and 3 witnessed checkpoints agree");
    }

    @Test
    void oneChangedByteOfAPayloadIsFoundAtItsPosition() throws Exception {
        FreshExchange exchange = store();
        byte[] payload = exchange.bytes("payload", 7);
        payload[payload.length / 2] ^= 0x01;
        exchange.setBytes("domainevententry", "payload", "globalindex = 7", payload);
        assertTampered(exchange.verify(), "EVENT_ALTERED at leaf 6 (global index 7)");
    }

    @Test
    void changedMetadataIsFoundAtItsPosition() throws Exception {
        FreshExchange exchange = store();
        byte[] metaData = new String(exchange.bytes("metadata", 12), StandardCharsets.UTF_8)
                .replace("alert", "reach").getBytes(StandardCharsets.UTF_8);
        exchange.setBytes("domainevententry", "metadata", "globalindex = 12", metaData);
        assertTampered(exchange.verify(), "EVENT_ALTERED at leaf 11 (global index 12)");
    }

    @Test
    void aDeletedEventIsFoundAtItsPosition() throws Exception {
        FreshExchange exchange = store();
        exchange.sql("DELETE FROM domainevententry WHERE globalindex = 15");
        assertTampered(exchange.verify(), "EVENT_MISSING at leaf 14 (global index 15)");
    }

    @Test
    void aDeletedEventWithItsLeafIsFoundAtItsPosition() throws Exception {
        FreshExchange exchange = store();
        exchange.sql("DELETE FROM domainevententry WHERE globalindex = 15",
                "DELETE FROM " + AuditTables.LEAF_TABLE + " WHERE leaf_index = 14");
        assertTampered(exchange.verify(), "LEAF_MISSING at leaf 14");
    }

    @Test
    void twoSwappedEventsAreFoundAtTheFirst() throws Exception {
        FreshExchange exchange = store();
        exchange.sql("UPDATE domainevententry SET globalindex = -4 WHERE globalindex = 4",
                "UPDATE domainevententry SET globalindex = 4 WHERE globalindex = 5",
                "UPDATE domainevententry SET globalindex = 5 WHERE globalindex = -4");
        assertTampered(exchange.verify(), "EVENT_ALTERED at leaf 3 (global index 4)");
    }

    @Test
    void aForgedEventInsertedBetweenTwoIsFoundWhereItWasInserted() throws Exception {
        FreshExchange exchange = store();
        // make room at global index 9 by moving every later event one up, then insert the forgery there
        exchange.sql("UPDATE domainevententry SET globalindex = globalindex + 1000 WHERE globalindex >= 9",
                "UPDATE domainevententry SET globalindex = globalindex - 999 WHERE globalindex >= 1009");
        insertForged(exchange, 9);
        assertTampered(exchange.verify(), "EVENT_ALTERED at leaf 8 (global index 9)");
    }

    @Test
    void aForgedEventInsertedWhereTheTreeHadPassedAGapIsFound() throws Exception {
        FreshExchange exchange = FreshExchange.h2ClosingGapsAtOnce().withEvents(25);
        exchange.sql("DELETE FROM domainevententry WHERE globalindex = 20"); // a rolled-back append leaves such a gap
        exchange.checkpointed();
        insertForged(exchange, 20);
        assertTampered(exchange.verify(), "EVENT_OUTSIDE_TREE at global index 20");
    }

    @Test
    void aRewrittenCheckpointIsFound() throws Exception {
        FreshExchange exchange = store();
        byte[] forgedRoot = new byte[32];
        exchange.setBytes(AuditTables.CHECKPOINT_TABLE, "root_hash", "tree_size = 20", forgedRoot);
        FreshExchange.Run run = exchange.verify();
        assertTampered(run, "CHECKPOINT_SIGNATURE_INVALID at leaf 19");
        assertThat(run.out()).contains("CHECKPOINT_ROOT_MISMATCH at leaf 19");
    }

    @Test
    void aWholeChainRewrittenConsistentlyUnderANewKeyIsCaughtByTheWitnesses() throws Exception {
        FreshExchange exchange = store();
        byte[] operatorKey = exchange.operator.publicKey();
        Path witnessFile = exchange.witnessFile(dir);
        alterAndRebuildTree(exchange, 3, CheckpointSigner.generate());

        // Taken alone, the store is self-consistent: that is what the witnesses are for.
        assertThat(exchange.verify().exit()).isEqualTo(AuditorCommand.INTACT);
        // The witness that kept the old checkpoints refuses the new log...
        assertThat(exchange.witness()).isInstanceOf(CheckpointWitness.Inconsistent.class);
        // ...and the auditor, with what the witnesses kept or the operator's real key, finds the rewrite.
        FreshExchange.Run withWitness = exchange.verify("--witness-file", witnessFile.toString());
        assertTampered(withWitness, "");
        assertThat(withWitness.out()).contains("WITNESS_MISMATCH at leaf 9: checkpoint at tree size 10 (kept by witness alert)")
                .contains("CHECKPOINT_UNKNOWN_KEY at leaf 9");
        assertTampered(exchange.verify("--operator-key", Base64.getEncoder().encodeToString(operatorKey)),
                "CHECKPOINT_UNKNOWN_KEY at leaf 9");
    }

    @Test
    void aWholeChainRewrittenConsistentlyKeepingTheOldSignaturesIsFound() throws Exception {
        FreshExchange exchange = store();
        Path witnessFile = exchange.witnessFile(dir);
        alterAndRebuildTree(exchange, 3, null);
        // new roots under the old signatures
        try (Connection connection = exchange.connections().open();
             PreparedStatement update = connection.prepareStatement("UPDATE " + AuditTables.CHECKPOINT_TABLE
                     + " SET root_hash = ? WHERE tree_size = ?")) {
            for (long size : new long[] {10, 20, 25}) {
                update.setBytes(1, MerkleProofs.root(size, AuditTables.subtreeHashes(connection)));
                update.setLong(2, size);
                update.executeUpdate();
            }
        }
        assertThat(exchange.witness()).isInstanceOf(CheckpointWitness.Inconsistent.class);
        assertTampered(exchange.verify(), "CHECKPOINT_SIGNATURE_INVALID at leaf 9");
        assertTampered(exchange.verify("--witness-file", witnessFile.toString()), "");
    }

    @Test
    void anExportedBundleVerifiesOfflineAndAnAlteredBundleDoesNot() throws Exception {
        FreshExchange exchange = store();
        Path bundle = dir.resolve("exchange.jsonl");
        FreshExchange.Run export = FreshExchange.run("export", "--jdbc-url", exchange.url, "--user", exchange.user,
                "--password", exchange.password, "--out", bundle.toString(), "--no-progress");
        assertThat(export.exit()).as(export.err()).isZero();
        FreshExchange.Run intact = FreshExchange.run("verify", "--bundle", bundle.toString(), "--no-progress",
                "--witness-file", exchange.witnessFile(dir).toString());
        assertThat(intact.exit()).as(intact.out() + intact.err()).isEqualTo(AuditorCommand.INTACT);
        assertThat(intact.out()).contains("25 events in the tree");

        List<String> lines = Files.readAllLines(bundle);
        int leafLine = 0;
        while (!lines.get(leafLine).contains("\"index\":16,")) {
            leafLine++;
        }
        // "alert" -> "reach" inside the base64 of the 17th leaf's metadata is too fiddly; change the event's type column
        lines.set(leafLine, lines.get(leafLine).replace("\"payloadType\":\"", "\"payloadType\":\"x"));
        Files.write(bundle, lines);
        assertTampered(FreshExchange.run("verify", "--bundle", bundle.toString(), "--no-progress"),
                "EVENT_ALTERED at leaf 16 (global index 17)");
    }

    @Test
    void aChangedPayloadByteIsFoundOnPostgresql() throws Exception {
        String database = "audit_tamper_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        try {
            FreshExchange exchange = FreshExchange.at("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "")
                    .withEvents(25).checkpointed();
            assertThat(exchange.verify().exit()).isEqualTo(AuditorCommand.INTACT);
            byte[] payload = exchange.bytes("payload", 22);
            payload[3] ^= 0x20;
            exchange.setBytes("domainevententry", "payload", "globalindex = 22", payload);
            assertTampered(exchange.verify(), "EVENT_ALTERED at leaf 21 (global index 22)");
        } finally {
            try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /**
     * Alters one event, then recomputes every leaf and subtree hash as a careful administrator would, and signs new
     * checkpoints with {@code forger}'s key, or (null) puts the original checkpoint rows back.
     */
    private static void alterAndRebuildTree(FreshExchange exchange, long globalIndex, CheckpointSigner forger)
            throws Exception {
        byte[] payload = exchange.bytes("payload", globalIndex);
        payload[payload.length - 3] ^= 0x01;
        exchange.setBytes("domainevententry", "payload", "globalindex = " + globalIndex, payload);
        List<SignedCheckpointRow> checkpoints = SignedCheckpointRow.all(exchange);
        exchange.sql("DELETE FROM " + AuditTables.NODE_TABLE, "DELETE FROM " + AuditTables.LEAF_TABLE,
                "DELETE FROM " + AuditTables.CHECKPOINT_TABLE);
        exchange.checkpointer(forger == null ? CheckpointSigner.generate() : forger).appendAndCheckpointNow();
        if (forger != null) {
            return;
        }
        exchange.sql("DELETE FROM " + AuditTables.CHECKPOINT_TABLE);
        for (SignedCheckpointRow row : checkpoints) {
            row.insert(exchange);
        }
    }

    private record SignedCheckpointRow(org.saferwayout.exchange.audit.SignedCheckpoint checkpoint) {
        static List<SignedCheckpointRow> all(FreshExchange exchange) throws Exception {
            try (Connection connection = exchange.connections().open()) {
                return AuditTables.allCheckpoints(connection).stream().map(SignedCheckpointRow::new).toList();
            }
        }

        void insert(FreshExchange exchange) throws Exception {
            try (Connection connection = exchange.connections().open()) {
                AuditTables.insertCheckpoint(connection, checkpoint);
            }
        }
    }

    private static void insertForged(FreshExchange exchange, long globalIndex) throws Exception {
        try (Connection connection = exchange.connections().open();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO domainevententry (globalindex,"
                     + " aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload, payloadrevision,"
                     + " payloadtype, timestamp) VALUES (?, 'referral-forged', 0, 'Referral', ?, ?, ?, NULL, ?, ?)")) {
            insert.setLong(1, globalIndex);
            insert.setString(2, UUID.randomUUID().toString());
            insert.setBytes(3, "{}".getBytes(StandardCharsets.UTF_8));
            insert.setBytes(4, "{\"referralId\":\"forged\"}".getBytes(StandardCharsets.UTF_8));
            insert.setString(5, FreshExchange.ReferralRequestedSample.class.getName());
            insert.setString(6, "2026-01-01T00:00:00Z");
            insert.executeUpdate();
        }
    }
}
