package org.saferwayout.network.tests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkClient;
import org.saferwayout.network.NetworkNode;
import org.saferwayout.network.NetworkTopology.Agency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the CEASE process in the middle of a burst of 500 referrals from ALERT, then a restart: CEASE's
 * inbox ends up with all 500, each exactly once.
 */
class CeaseKilledDuringBurstTest {

    private static final int REFERRALS = 500;

    @Test
    void everyReferralReachesCeaseExactlyOnceAfterKillDashNineAndRestart() throws Exception {
        try (Network network = RunningNetwork.start("kill-cease", 12_000, List.of(Agency.ALERT, Agency.CEASE),
                agency -> List.of())) {
            NetworkClient client = RunningNetwork.client(network);
            String alertUrl = network.topology().agencyUrl(Agency.ALERT);
            String ceaseUrl = network.topology().agencyUrl(Agency.CEASE);
            String coordinator = client.token("alert-coordinator");
            String intake = client.token("cease-intake");
            NetworkNode cease = network.agency(Agency.CEASE);

            List<String> caseIds = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                caseIds.add(client.openCase(alertUrl, coordinator));
            }
            Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicInteger accepted = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < REFERRALS; i++) {
                String caseId = caseIds.get(i % caseIds.size());
                sends.add(senders.submit(() -> {
                    sent.add(client.refer(alertUrl, coordinator, caseId, "cease", "EXIT_SUPPORT"));
                    accepted.incrementAndGet();
                    return null;
                }));
            }
            // Kill CEASE while the burst is under way and some referrals have reached it.
            await().atMost(Duration.ofMinutes(3)).until(() -> accepted.get() >= REFERRALS / 4);
            long pidBefore = cease.pid();
            cease.kill();
            assertThat(cease.isAlive()).isFalse();
            int acceptedWhenKilled = accepted.get();

            for (Future<?> send : sends) {
                send.get();
            }
            senders.shutdown();
            assertThat(acceptedWhenKilled).isLessThan(REFERRALS);
            assertThat(sent).hasSize(REFERRALS);

            cease.start();
            cease.awaitHealthy(Duration.ofSeconds(180));
            assertThat(cease.pid()).isNotEqualTo(pidBefore);

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(inboxIds(client, ceaseUrl, intake)).hasSize(REFERRALS));
            List<String> inbox = inboxIds(client, ceaseUrl, intake);
            assertThat(new HashSet<>(inbox)).hasSize(inbox.size()).isEqualTo(sent);
        }
    }

    /** Every referral id in CEASE's inbox, page by page. */
    static List<String> inboxIds(NetworkClient client, String ceaseUrl, String token) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = NetworkClient.expect(200, client.get(ceaseUrl + "/api/referrals/inbox?size=1000&page=" + page, token));
            body.get("referrals").forEach(entry -> ids.add(entry.get("referralId").asText()));
            if (body.get("referrals").size() < 1000) {
                return ids;
            }
        }
    }
}
