package org.saferwayout.network;

import com.fasterxml.jackson.databind.JsonNode;
import org.saferwayout.network.NetworkTopology.Agency;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault suite's sustained traffic (ADR 016): referrals and consent changes between agencies, from several
 * workers, while processes are killed and restarted. Its ledger holds every command an agency answered as
 * accepted, with the ids the agency gave it: the suite later demands each one, exactly once, in the exchange and
 * in every party's read models.
 *
 * <p>A command is retried when it certainly never arrived (the connection was refused: the process is down) or
 * was refused as unauthenticated (a new token, then again). A referral is also sent again when its answer was
 * lost (connection reset, timeout, 5xx), with the same {@code Idempotency-Key} (ADR 021), so every referral ends
 * with a definite answer and the checks allow no extra referral at all. Consents take no retry key: one whose
 * answer was lost may or may not have been applied, is counted as uncertain and not retried, and the consent
 * checks allow at most that many unledgered extras.
 */
final class FaultTraffic {

    /** Requesters: the agencies that open cases and refer. REACH only receives here. */
    static final List<Agency> REQUESTERS = List.of(Agency.ALERT, Agency.CEASE, Agency.CATHOLIC_SOCIAL_SERVICES);
    static final List<Agency> RECIPIENTS = List.of(Agency.CEASE, Agency.CATHOLIC_SOCIAL_SERVICES, Agency.REACH);
    static final Map<Agency, String> USERS = Map.of(Agency.ALERT, "alert-coordinator", Agency.CEASE, "cease-intake",
            Agency.CATHOLIC_SOCIAL_SERVICES, "css-intake", Agency.REACH, "reach-intake");
    private static final Map<Agency, String> SERVICE = Map.of(Agency.CEASE, "EXIT_SUPPORT",
            Agency.CATHOLIC_SOCIAL_SERVICES, "SAFE_LODGING", Agency.REACH, "EMOTIONAL_SUPPORT");
    private static final Map<Agency, String> PURPOSE = Map.of(Agency.CEASE, "EXIT_SUPPORT",
            Agency.CATHOLIC_SOCIAL_SERVICES, "SAFE_HOUSING", Agency.REACH, "EMOTIONAL_SUPPORT");
    private static final Duration GIVE_UP = Duration.ofMinutes(4);

    record SupportCase(Agency agency, String caseId, String survivorRef) {
    }

    record Referral(String referralId, Agency requester, String caseId, Agency recipient) {
    }

    record Consent(String consentId, Agency recorder, Agency grantee) {
    }

    /** What the agencies accepted: the suite's expectation of the network's end state. */
    static final class Ledger {
        final Map<String, Referral> referrals = new ConcurrentHashMap<>();
        final Map<String, Consent> consents = new ConcurrentHashMap<>();
        final Set<String> withdrawn = ConcurrentHashMap.newKeySet();
        /** Consents whose withdrawal was sent but never answered: either state is right for them. */
        final Set<String> withdrawalUnknown = ConcurrentHashMap.newKeySet();
        /** Consent commands whose answer was lost (referrals are resent with their retry key instead). */
        final AtomicLong uncertain = new AtomicLong();
        /** Commands sent again because the process was down (connection refused) or the token was refused. */
        final AtomicLong retried = new AtomicLong();
        /** Referrals whose answer was lost (reset, timeout, 5xx), sent again with their retry key (ADR 021). */
        final AtomicLong resentWithTheirKey = new AtomicLong();

        long commandsAccepted() {
            return referrals.size() + consents.size() + withdrawn.size();
        }
    }

    private final NetworkTopology topology;
    private final NetworkClient client;
    private final Ledger ledger = new Ledger();
    private final Map<Agency, String> tokens = new ConcurrentHashMap<>();
    private final List<SupportCase> cases = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    private final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    FaultTraffic(NetworkTopology topology) {
        this.topology = topology;
        this.client = new NetworkClient(topology.issuer());
    }

    Ledger ledger() {
        return ledger;
    }

    List<Throwable> failures() {
        return failures;
    }

    /** Opens a few cases at each requester; the traffic then refers their survivors over and over. */
    void openCases(int perAgency) throws Exception {
        for (Agency agency : REQUESTERS) {
            for (int i = 0; i < perAgency; i++) {
                JsonNode opened = accepted(agency, 201, "/api/cases", "{}");
                cases.add(new SupportCase(agency, opened.get("caseId").asText(), opened.get("survivorRef").asText()));
            }
        }
    }

    void start(int workerCount) {
        running.set(true);
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(this::work, "fault-traffic-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** Stops the workers after their current command (which may still be waiting for a restarted process). */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread worker : workers) {
            worker.join(GIVE_UP.toMillis() + 60_000);
        }
    }

    private void work() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Consent> mine = new ArrayList<>();
        while (running.get()) {
            SupportCase supportCase = cases.get(random.nextInt(cases.size()));
            Agency recipient = pickRecipient(supportCase.agency(), random);
            try {
                int draw = random.nextInt(10);
                if (draw == 0 && !mine.isEmpty()) {
                    withdraw(mine.remove(random.nextInt(mine.size())));
                } else if (draw <= 2) {
                    Consent consent = recordConsent(supportCase, recipient);
                    if (consent != null) {
                        mine.add(consent);
                    }
                } else {
                    refer(supportCase, recipient);
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception | Error failed) {
                failures.add(failed);
                return;
            }
        }
    }

    private static Agency pickRecipient(Agency requester, ThreadLocalRandom random) {
        List<Agency> others = RECIPIENTS.stream().filter(agency -> agency != requester).toList();
        return others.get(random.nextInt(others.size()));
    }

    private void refer(SupportCase supportCase, Agency recipient) throws Exception {
        String body = NetworkClient.json(Map.of("recipientAgency", recipient.code, "service", SERVICE.get(recipient),
                "urgency", "ROUTINE"));
        JsonNode answer = accepted(supportCase.agency(), 202, "/api/cases/" + supportCase.caseId() + "/referrals", body,
                UUID.randomUUID().toString());
        String id = answer.get("referralId").asText();
        ledger.referrals.put(id, new Referral(id, supportCase.agency(), supportCase.caseId(), recipient));
    }

    private Consent recordConsent(SupportCase supportCase, Agency grantee) throws Exception {
        String body = NetworkClient.json(Map.of("survivorRef", supportCase.survivorRef(), "granteeAgency", grantee.code,
                "purposes", List.of(PURPOSE.get(grantee)), "categories", List.of("IDENTITY"), "method", "WRITTEN",
                "language", "en"));
        JsonNode answer = accepted(supportCase.agency(), 201, "/api/consents", body);
        if (answer == null) {
            return null;
        }
        Consent consent = new Consent(answer.get("consentId").asText(), supportCase.agency(), grantee);
        ledger.consents.put(consent.consentId(), consent);
        return consent;
    }

    private void withdraw(Consent consent) throws Exception {
        if (accepted(consent.recorder(), 200, "/api/consents/" + consent.consentId() + "/withdrawal", "") != null) {
            ledger.withdrawn.add(consent.consentId());
        } else {
            ledger.withdrawalUnknown.add(consent.consentId());
        }
    }

    /**
     * POSTs until the agency answers: the answer's JSON if it is {@code expected}, null if the outcome is unknown.
     * Any other definite answer is a finding (the traffic is valid), so it fails the worker.
     */
    private JsonNode accepted(Agency agency, int expected, String path, String body) throws Exception {
        return accepted(agency, expected, path, body, null);
    }

    /**
     * @param retryKey the request's {@code Idempotency-Key}, or null: with one, a lost answer is no uncertainty, the
     *                 request is sent again with it until it is answered (never null then)
     */
    private JsonNode accepted(Agency agency, int expected, String path, String body, String retryKey) throws Exception {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (true) {
            NetworkClient.Response response;
            try {
                response = client.post(topology.agencyUrl(agency) + path, token(agency), body, retryKey);
            } catch (ConnectException | HttpConnectTimeoutException down) {
                retryAfterPause(deadline, agency, path);
                continue;
            } catch (IOException lost) {
                if (retryKey != null) {
                    ledger.resentWithTheirKey.incrementAndGet();
                    pauseBeforeResending(deadline, agency, path);
                    continue;
                }
                // Sent, but the answer was lost with the process: applied or not, nobody knows.
                ledger.uncertain.incrementAndGet();
                return null;
            }
            if (response.status() == expected) {
                return response.json();
            }
            if (response.status() == 401) {
                tokens.remove(agency);
                retryAfterPause(deadline, agency, path);
                continue;
            }
            if (response.status() == 429) {
                // Rate-limited (ADR 017), for instance after a run of refused tokens from this address: not applied.
                retryAfterPause(deadline, agency, path);
                continue;
            }
            if (response.status() >= 500) {
                if (retryKey != null) {
                    ledger.resentWithTheirKey.incrementAndGet();
                    pauseBeforeResending(deadline, agency, path);
                    continue;
                }
                ledger.uncertain.incrementAndGet();
                return null;
            }
            throw new IllegalStateException(agency.code + " answered " + response.status() + " to POST " + path);
        }
    }

    private void retryAfterPause(long deadline, Agency agency, String path) throws InterruptedException {
        ledger.retried.incrementAndGet();
        pauseBeforeResending(deadline, agency, path);
    }

    private static void pauseBeforeResending(long deadline, Agency agency, String path) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(agency.code + " unreachable for " + GIVE_UP.toMinutes() + " min: POST " + path);
        }
        Thread.sleep(250);
    }

    /** A token for the agency's user; while the identity provider is down, waits for it. */
    String token(Agency agency) throws InterruptedException {
        String token = tokens.get(agency);
        if (token != null) {
            return token;
        }
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (true) {
            try {
                token = client.token(USERS.get(agency));
                tokens.put(agency, token);
                return token;
            } catch (IOException identityProviderDown) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no token from the identity provider for " + GIVE_UP.toMinutes() + " min");
                }
                Thread.sleep(250);
            }
        }
    }

    NetworkClient client() {
        return client;
    }
}
