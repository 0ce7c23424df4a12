package org.saferwayout.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures how soon a consent withdrawal at ALERT purges the survivor's personal data at CEASE: for each of
 * N survivors, consent for CEASE, a referral with personal data, then (while background referrals keep the
 * network busy) the withdrawal, timed from ALERT's answer until CEASE serves the referral without any
 * personal data.
 */
final class WithdrawalBenchmark {

    private WithdrawalBenchmark() {
    }

    static int run(String[] options, PrintStream out) throws Exception {
        int survivors = Integer.parseInt(NetworkCommand.option(options, "--survivors", "100"));
        int backgroundWorkers = Integer.parseInt(NetworkCommand.option(options, "--background", "2"));
        BenchmarkTarget target = BenchmarkTarget.from(options);
        String alert = target.alert();
        String cease = target.cease();

        NetworkClient client = new NetworkClient(target.issuer());
        String coordinator = client.token("alert-coordinator");
        String intake = client.token("cease-intake");

        List<String[]> shared = new ArrayList<>(); // consentId, referralId
        for (int i = 0; i < survivors; i++) {
            JsonNode opened = NetworkClient.expect(201, client.post(alert + "/api/cases", coordinator, "{}"));
            String consentId = NetworkClient.expect(201, client.post(alert + "/api/consents", coordinator, """
                    {"survivorRef":"%s","granteeAgency":"cease","purposes":["EXIT_SUPPORT"],"categories":["IDENTITY","CONTACT"],
                     "method":"WRITTEN","language":"en"}""".formatted(opened.get("survivorRef").asText()))).get("consentId").asText();
            String referralId = NetworkClient.expect(202, client.post(alert + "/api/cases/" + opened.get("caseId").asText()
                    + "/referrals", coordinator, "{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"URGENT\","
                    + "\"personalData\":{\"name\":\"Bench Person " + i + "\",\"contact\":\"bench-contact-" + i + "\"}}")).get("referralId").asText();
            shared.add(new String[]{consentId, referralId});
        }
        for (String[] share : shared) {
            awaitPersonalData(client, cease, intake, share[1], true);
        }

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger backgroundReferrals = new AtomicInteger();
        ExecutorService background = Executors.newFixedThreadPool(Math.max(1, backgroundWorkers));
        for (int w = 0; w < backgroundWorkers; w++) {
            background.submit(() -> {
                String caseId = client.openCase(alert, coordinator);
                while (loading.get()) {
                    client.refer(alert, coordinator, caseId, "cease", "EMOTIONAL_SUPPORT");
                    backgroundReferrals.incrementAndGet();
                }
                return null;
            });
        }

        Histogram purge = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        long start = System.nanoTime();
        for (String[] share : shared) {
            NetworkClient.expect(200, client.post(alert + "/api/consents/" + share[0] + "/withdrawal", coordinator, ""));
            long withdrawn = System.nanoTime();
            if (!awaitPersonalData(client, cease, intake, share[1], false)) {
                throw new IllegalStateException("personal data still served a minute after withdrawal");
            }
            purge.recordValue((System.nanoTime() - withdrawn) / 1000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        loading.set(false);
        background.shutdown();
        background.awaitTermination(1, TimeUnit.MINUTES);

        out.printf("Withdrawals: %d, with %d background referrals in %.1f s (%.1f/s)%n", survivors,
                backgroundReferrals.get(), seconds, backgroundReferrals.get() / seconds);
        out.printf("Withdrawal at ALERT -> purged at CEASE, ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
                purge.getValueAtPercentile(50) / 1000.0, purge.getValueAtPercentile(95) / 1000.0,
                purge.getValueAtPercentile(99) / 1000.0, purge.getMaxValue() / 1000.0);
        return 0;
    }

    /** Polls CEASE every 5 ms until the referral is served with (or without) personal data. */
    private static boolean awaitPersonalData(NetworkClient client, String cease, String token, String referralId,
                                             boolean present) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            NetworkClient.Response response = client.get(cease + "/api/referrals/inbox/" + referralId, token);
            if (response.status() == 200) {
                JsonNode personalData = response.json().get("personalData");
                boolean hasData = personalData != null && !personalData.isNull();
                if (hasData == present) {
                    return true;
                }
            }
            Thread.sleep(5);
        }
        return false;
    }
}
