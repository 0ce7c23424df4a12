package org.saferwayout.auditor;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.saferwayout.exchange.audit.AuditTables;
import org.saferwayout.exchange.audit.CheckpointSigner;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify --witness-url}: the checkpoints an agency witnessed are fetched page by page with the auditor's
 * token (here from a stand-in for the agency's endpoint, on a loopback port of this test's range).
 */
class WitnessUrlTest {

    private static final String TOKEN = "auditor-token";

    @Test
    void checkpointsFetchedFromAWitnessAnchorTheVerification() throws Exception {
        FreshExchange exchange = FreshExchange.h2().withEvents(25).checkpointed();
        List<BundleFormat.Checkpoint> kept = exchange.witnessed.stream().map(checkpoint -> new BundleFormat.Checkpoint(
                checkpoint.treeSize(), checkpoint.rootHash(), checkpoint.signedAt(), checkpoint.operatorKey(),
                checkpoint.signature(), "alert", 0L)).toList();
        HttpServer witness = HttpServer.create(new InetSocketAddress("127.0.0.1", 18771), 0);
        witness.createContext("/api/audit/witnessed-checkpoints", http -> {
            String query = http.getRequestURI().getQuery();
            long after = Long.parseLong(query.replaceAll(".*afterTreeSize=(\\d+).*", "$1"));
            long limit = Long.parseLong(query.replaceAll(".*limit=(\\d+).*", "$1"));
            boolean authorized = ("Bearer " + TOKEN).equals(http.getRequestHeaders().getFirst("Authorization"));
            byte[] body = authorized
                    ? BundleFormat.JSON.writeValueAsBytes(kept.stream().filter(c -> c.treeSize() > after).limit(limit).toList())
                    : "{\"status\":401}".getBytes(StandardCharsets.UTF_8);
            http.sendResponseHeaders(authorized ? 200 : 401, body.length);
            http.getResponseBody().write(body);
            http.close();
        });
        witness.start();
        try {
            String url = "http://127.0.0.1:18771";
            FreshExchange.Run intact = exchange.verify("--witness-url", url, "--token", TOKEN);
            assertThat(intact.exit()).as(intact.out() + intact.err()).isEqualTo(AuditorCommand.INTACT);
            assertThat(intact.out()).contains("3 witnessed checkpoints agree");

            assertThat(exchange.verify("--witness-url", url, "--token", "wrong").exit()).isEqualTo(AuditorCommand.UNREADABLE);

            exchange.sql("DELETE FROM " + AuditTables.CHECKPOINT_TABLE, "DELETE FROM " + AuditTables.NODE_TABLE,
                    "DELETE FROM " + AuditTables.LEAF_TABLE, "UPDATE domainevententry SET type = 'Forged' WHERE globalindex = 2");
            exchange.checkpointer(CheckpointSigner.generate()).appendAndCheckpointNow();
            FreshExchange.Run rewritten = exchange.verify("--witness-url", url, "--token", TOKEN);
            assertThat(rewritten.exit()).isEqualTo(AuditorCommand.TAMPERED);
            assertThat(rewritten.out()).contains("TAMPERED: first bad position:").contains("WITNESS_MISMATCH at leaf 9");
        } finally {
            witness.stop(0);
        }
    }
}
