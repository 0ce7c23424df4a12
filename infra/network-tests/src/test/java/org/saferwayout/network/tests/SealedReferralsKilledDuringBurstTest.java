package org.saferwayout.network.tests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkClient;
import org.saferwayout.network.NetworkNode;
import org.saferwayout.network.NetworkTopology.Agency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A burst of referrals carrying personal data (sealed for CEASE, ADR 009) while, in turn, the sender (ALERT,
 * which writes each data key before its event) and the exchange store (which also serves the key store) are
 * killed with -9 and restarted. Every referral ALERT accepted reaches CEASE and opens: no event lost its key.
 */
class SealedReferralsKilledDuringBurstTest {

    private static final int SURVIVORS = 10;
    private static final int PER_PHASE = 60;

    @Test
    void everySealedReferralOpensAtTheRecipientAfterKillDashNineOfTheSenderAndOfTheKeyStore() throws Exception {
        try (Network network = RunningNetwork.start("sealed-burst", 17_000, List.of(Agency.ALERT, Agency.CEASE),
                agency -> List.of())) {
            NetworkClient client = RunningNetwork.client(network);
            String alert = network.topology().agencyUrl(Agency.ALERT);
            String cease = network.topology().agencyUrl(Agency.CEASE);
            String coordinator = client.token("alert-coordinator");
            String intake = client.token("cease-intake");
            String marker = "Marker" + UUID.randomUUID().toString().replace("-", "");

            List<String> cases = new ArrayList<>();
            for (int i = 0; i < SURVIVORS; i++) {
                JsonNode opened = NetworkClient.expect(201, client.post(alert + "/api/cases", coordinator, "{}"));
                cases.add(opened.get("caseId").asText());
                NetworkClient.expect(201, client.post(alert + "/api/consents", coordinator, """
                        {"survivorRef":"%s","granteeAgency":"cease","purposes":["EXIT_SUPPORT"],
                         "categories":["IDENTITY","CONTACT"],"method":"WRITTEN","language":"en"}
                        """.formatted(opened.get("survivorRef").asText())));
            }

            // Referral id -> the name it carried, for every referral ALERT answered 202.
            Map<String, String> accepted = new ConcurrentHashMap<>();
            burstWhileKilling(client, alert, coordinator, cases, marker + "-a", accepted, network.agency(Agency.ALERT));
            burstWhileKilling(client, alert, coordinator, cases, marker + "-x", accepted, network.exchangeStore());
            assertThat(accepted).hasSizeGreaterThan(PER_PHASE / 2);

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                for (Map.Entry<String, String> referral : accepted.entrySet()) {
                    NetworkClient.Response atCease = client.get(cease + "/api/referrals/inbox/" + referral.getKey(), intake);
                    assertThat(atCease.status()).as(referral.getKey()).isEqualTo(200);
                    assertThat(atCease.json().at("/personalData/name").asText()).as(referral.getKey())
                            .isEqualTo(referral.getValue());
                }
            });
        }
    }

    /** Sends a burst from four workers; a third of the way in, kill -9s the node, then restarts it. */
    private static void burstWhileKilling(NetworkClient client, String alert, String coordinator, List<String> cases,
                                          String namePrefix, Map<String, String> accepted, NetworkNode victim)
            throws Exception {
        AtomicInteger answered = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> sends = new ArrayList<>();
        for (int i = 0; i < PER_PHASE; i++) {
            String caseId = cases.get(i % cases.size());
            String name = namePrefix + "-" + i;
            sends.add(senders.submit(() -> {
                try {
                    NetworkClient.Response response = client.post(alert + "/api/cases/" + caseId + "/referrals", coordinator,
                            "{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"URGENT\","
                                    + "\"personalData\":{\"name\":\"" + name + "\",\"contact\":\"" + name + "-contact\"}}");
                    if (response.status() == 202) {
                        accepted.put(response.json().get("referralId").asText(), name);
                    }
                } catch (java.io.IOException refusedWhileDown) {
                    // The sender is down: this referral was never accepted, so nothing is owed for it.
                }
                answered.incrementAndGet();
                return null;
            }));
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> answered.get() >= PER_PHASE / 3);
        long pidBefore = victim.pid();
        victim.kill();
        assertThat(victim.isAlive()).isFalse();
        for (Future<?> send : sends) {
            send.get();
        }
        senders.shutdown();
        victim.start();
        victim.awaitHealthy(Duration.ofSeconds(180));
        assertThat(victim.pid()).isNotEqualTo(pidBefore);
    }
}
