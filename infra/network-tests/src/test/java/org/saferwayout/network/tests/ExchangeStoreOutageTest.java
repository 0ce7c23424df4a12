package org.saferwayout.network.tests;

import org.junit.jupiter.api.Test;
import org.saferwayout.network.Network;
import org.saferwayout.network.NetworkClient;
import org.saferwayout.network.NetworkNode;
import org.saferwayout.network.NetworkTopology.Agency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The exchange store dies (kill -9) while agencies keep working: ALERT still takes referrals (they wait in its
 * private store), the services stay up, and once the exchange is back every referral reaches CEASE, once.
 */
class ExchangeStoreOutageTest {

    @Test
    void referralsMadeWhileTheExchangeIsDownArriveOnceItIsBack() throws Exception {
        try (Network network = RunningNetwork.start("exchange-outage", 15_000, List.of(Agency.ALERT, Agency.CEASE),
                agency -> List.of())) {
            NetworkClient client = RunningNetwork.client(network);
            String alert = network.topology().agencyUrl(Agency.ALERT);
            String cease = network.topology().agencyUrl(Agency.CEASE);
            String coordinator = client.token("alert-coordinator");
            String intake = client.token("cease-intake");
            String caseId = client.openCase(alert, coordinator);

            NetworkNode exchange = network.exchangeStore();
            exchange.kill();
            List<String> referrals = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                referrals.add(client.refer(alert, coordinator, caseId, "cease", "EXIT_SUPPORT"));
            }
            // Readiness says the exchange is unreachable; liveness keeps the services running.
            await().atMost(Duration.ofSeconds(30)).until(() -> client.get(alert + "/actuator/health/readiness", null).status() == 503);
            assertThat(client.get(alert + "/actuator/health/liveness", null).status()).isEqualTo(200);
            assertThat(network.agency(Agency.ALERT).isAlive()).isTrue();
            assertThat(network.agency(Agency.CEASE).isAlive()).isTrue();

            exchange.start();
            exchange.awaitHealthy(Duration.ofSeconds(60));
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (String referral : referrals) {
                    assertThat(client.get(cease + "/api/referrals/inbox/" + referral, intake).status()).isEqualTo(200);
                }
            });
            long inboxTotal = NetworkClient.expect(200, client.get(cease + "/api/referrals/inbox?size=1", intake)).get("total").asLong();
            assertThat(inboxTotal).isEqualTo(referrals.size());
            await().atMost(Duration.ofSeconds(30)).until(() -> client.get(alert + "/actuator/health/readiness", null).status() == 200);
        }
    }
}
