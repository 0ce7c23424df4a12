package org.saferwayout.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cost of sealing personal data in the exchange (ADR 009), as a ratio to the unsealed path in the same
 * run: referrals from ALERT to CEASE that carry personal data, once without a consent (the gate withholds it:
 * nothing is sealed) and once under a consent covering it (every field sealed at ALERT, a data key written to
 * the key store, opened at CEASE). Everything else is the same: the same request, the gate, the decision on
 * the exchange. A third variant carries no personal data at all. Rounds alternate so drift hits every variant.
 * Latency runs from ALERT's 202 to the referral readable in CEASE's inbox (with its data, when sealed).
 */
final class SealingBenchmark {

    private static final String PERSONAL_DATA = "{\"name\":\"Bench Survivor\",\"dateOfBirth\":\"1990-01-01\","
            + "\"contact\":\"780-555-0100\",\"health\":\"none recorded\"}";

    private SealingBenchmark() {
    }

    enum Variant { NO_PERSONAL_DATA, WITHHELD_NO_CONSENT, SEALED_UNDER_CONSENT }

    static int run(String[] options, PrintStream out) throws Exception {
        int referrals = Integer.parseInt(NetworkCommand.option(options, "--referrals", "100"));
        int concurrency = Integer.parseInt(NetworkCommand.option(options, "--concurrency", "1"));
        int rounds = Integer.parseInt(NetworkCommand.option(options, "--rounds", "2"));
        BenchmarkTarget target = BenchmarkTarget.from(options);
        NetworkClient client = new NetworkClient(target.issuer());
        String coordinator = client.token("alert-coordinator");
        String intake = client.token("cease-intake");

        measure(client, target, coordinator, intake, Variant.SEALED_UNDER_CONSENT, 20, concurrency); // warm-up
        java.util.Map<Variant, Histogram> latency = new java.util.EnumMap<>(Variant.class);
        java.util.Map<Variant, double[]> totals = new java.util.EnumMap<>(Variant.class); // {referrals, seconds}
        boolean complete = true;
        for (int round = 0; round < rounds; round++) {
            for (Variant variant : Variant.values()) {
                Run run = measure(client, target, coordinator, intake, variant, referrals, concurrency);
                latency.computeIfAbsent(variant, v -> new Histogram(TimeUnit.MINUTES.toMicros(10), 3)).add(run.latency);
                double[] sum = totals.computeIfAbsent(variant, v -> new double[2]);
                sum[0] += run.delivered;
                sum[1] += run.seconds;
                complete &= run.delivered == referrals;
            }
        }
        out.printf("%d referrals x %d rounds per variant, concurrency %d%n", referrals, rounds, concurrency);
        out.println("| variant | referrals/s | p50 / p95 / p99 ms |");
        out.println("| --- | --- | --- |");
        for (Variant variant : Variant.values()) {
            Histogram h = latency.get(variant);
            out.printf("| %s | %.1f | %.1f / %.1f / %.1f |%n", variant, totals.get(variant)[0] / totals.get(variant)[1],
                    ms(h, 50), ms(h, 95), ms(h, 99));
        }
        Histogram sealed = latency.get(Variant.SEALED_UNDER_CONSENT);
        Histogram withheld = latency.get(Variant.WITHHELD_NO_CONSENT);
        double sealedRate = totals.get(Variant.SEALED_UNDER_CONSENT)[0] / totals.get(Variant.SEALED_UNDER_CONSENT)[1];
        double withheldRate = totals.get(Variant.WITHHELD_NO_CONSENT)[0] / totals.get(Variant.WITHHELD_NO_CONSENT)[1];
        out.printf("Sealed / withheld: p50 latency x%.2f, p99 latency x%.2f, throughput x%.2f%n",
                ms(sealed, 50) / ms(withheld, 50), ms(sealed, 99) / ms(withheld, 99), sealedRate / withheldRate);
        return complete ? 0 : 1;
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    record Run(Histogram latency, int delivered, double seconds) {
    }

    static Run measure(NetworkClient client, BenchmarkTarget target, String coordinator, String intake,
                               Variant variant, int referrals, int concurrency) throws Exception {
        // One case (one survivor) per referral, with its consent when the variant needs one, before timing.
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < referrals; i++) {
            JsonNode opened = NetworkClient.expect(201, client.post(target.alert() + "/api/cases", coordinator, "{}"));
            if (variant == Variant.SEALED_UNDER_CONSENT) {
                NetworkClient.expect(201, client.post(target.alert() + "/api/consents", coordinator, """
                        {"survivorRef":"%s","granteeAgency":"cease","purposes":["EXIT_SUPPORT"],
                         "categories":["IDENTITY","CONTACT","HEALTH"],"method":"WRITTEN","language":"en"}
                        """.formatted(opened.get("survivorRef").asText())));
            }
            cases.add(opened.get("caseId").asText());
        }
        String body = "{\"recipientAgency\":\"cease\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"URGENT\""
                + (variant == Variant.NO_PERSONAL_DATA ? "" : ",\"personalData\":" + PERSONAL_DATA) + "}";
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicInteger delivered = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> runs = new ArrayList<>();
        long start = System.nanoTime();
        for (String caseId : cases) {
            runs.add(workers.submit(() -> {
                String referralId = NetworkClient.expect(202, client.post(
                        target.alert() + "/api/cases/" + caseId + "/referrals", coordinator, body)).get("referralId").asText();
                long accepted = System.nanoTime();
                if (awaitAtCease(client, target.cease(), intake, referralId, variant == Variant.SEALED_UNDER_CONSENT)) {
                    synchronized (latency) {
                        latency.recordValue((System.nanoTime() - accepted) / 1000);
                    }
                    delivered.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        workers.shutdown();
        return new Run(latency, delivered.get(), seconds);
    }

    /** Polls every 5 ms until CEASE serves the referral (with its opened personal data, when sealed). */
    private static boolean awaitAtCease(NetworkClient client, String cease, String token, String referralId,
                                        boolean withData) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            NetworkClient.Response response = client.get(cease + "/api/referrals/inbox/" + referralId, token);
            if (response.status() == 200 && (!withData || response.json().path("personalData").hasNonNull("name"))) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }
}
