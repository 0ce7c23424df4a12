package org.saferwayout.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.saferwayout.network.FaultTraffic.Ledger;
import org.saferwayout.network.NetworkTopology.Agency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The fault suite's first check (ADR 016): every command in the traffic's ledger is in the exchange exactly once
 * (its integration event, counted by the referral or consent it is about) and in each party's read model exactly
 * once (the recipient's inbox, the requester's case, both parties' consent registries). Findings name ids and
 * counts only: the read models may hold personal data, and none of it belongs in a report.
 */
final class LedgerCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "org.saferwayout.events.";
    /** The largest page the API's lists serve. */
    private static final int LARGEST_PAGE = 1000;

    private final NetworkTopology topology;
    private final ExchangeDatabase exchange;
    private final FaultTraffic traffic;
    private final List<String> findings = new ArrayList<>();
    private long exchangeEventsChecked;
    private long readModelEntriesChecked;

    /** Where the exchange's events can be read with JDBC. */
    record ExchangeDatabase(String url, String user, String password) {
    }

    LedgerCheck(NetworkTopology topology, ExchangeDatabase exchange, FaultTraffic traffic) {
        this.topology = topology;
        this.exchange = exchange;
        this.traffic = traffic;
    }

    List<String> findings() {
        return findings;
    }

    long exchangeEventsChecked() {
        return exchangeEventsChecked;
    }

    long readModelEntriesChecked() {
        return readModelEntriesChecked;
    }

    /** The exchange holds each ledgered fact once, and no fact (ledgered or not) twice. */
    void checkExchange() throws Exception {
        Ledger ledger = traffic.ledger();
        Map<String, Integer> requested = new HashMap<>();
        Map<String, Integer> given = new HashMap<>();
        Map<String, Integer> withdrawn = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        Set<String> aggregateSequences = new HashSet<>();
        long events = 0;
        try (Connection connection = DriverManager.getConnection(exchange.url(), exchange.user(), exchange.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT eventidentifier, aggregateidentifier, sequencenumber, payloadtype, payload FROM domainevententry")) {
            while (rows.next()) {
                events++;
                if (!eventIds.add(rows.getString(1))) {
                    findings.add("exchange: event " + rows.getString(1) + " stored twice");
                }
                if (!aggregateSequences.add(rows.getString(2) + "#" + rows.getLong(3))) {
                    findings.add("exchange: aggregate " + rows.getString(2) + " has sequence " + rows.getLong(3) + " twice");
                }
                String type = rows.getString(4);
                Map<String, Integer> counted = switch (type) {
                    case EVENTS + "ReferralRequested" -> requested;
                    case EVENTS + "ConsentGiven" -> given;
                    case EVENTS + "ConsentWithdrawn" -> withdrawn;
                    default -> null;
                };
                if (counted != null) {
                    JsonNode payload = JSON.readTree(new String(rows.getBytes(5), StandardCharsets.UTF_8));
                    String id = payload.path(counted == requested ? "referralId" : "consentId").asText();
                    counted.merge(id, 1, Integer::sum);
                }
            }
        }
        exchangeEventsChecked = events;
        // Referrals are sent with a retry key until answered (ADR 021): no extra one is excusable.
        exactlyOnce("exchange ReferralRequested", ledger.referrals.keySet(), requested, 0);
        exactlyOnce("exchange ConsentGiven", ledger.consents.keySet(), given, ledger.uncertain.get());
        exactlyOnce("exchange ConsentWithdrawn", ledger.withdrawn, withdrawn, ledger.uncertain.get());
    }

    /** Each party's read models show each ledgered fact once. */
    void checkReadModels() throws Exception {
        readModelEntriesChecked = 0; // counts the last check only: the suite checks again while delivery drains
        Ledger ledger = traffic.ledger();
        NetworkClient client = traffic.client();
        for (Agency recipient : FaultTraffic.RECIPIENTS) {
            Map<String, Integer> inbox = new HashMap<>();
            for (String id : inboxIds(recipient)) {
                inbox.merge(id, 1, Integer::sum);
            }
            Set<String> expected = new HashSet<>();
            ledger.referrals.values().stream().filter(referral -> referral.recipient() == recipient)
                    .forEach(referral -> expected.add(referral.referralId()));
            exactlyOnce(recipient.code + " inbox", expected, inbox, 0);
        }
        for (Agency requester : FaultTraffic.REQUESTERS) {
            Map<String, Integer> onCases = new HashMap<>();
            Map<String, String> caseOf = new HashMap<>();
            for (JsonNode supportCase : wholeCaseload(requester)) {
                for (JsonNode referral : supportCase.path("referrals")) {
                    String id = referral.path("referralId").asText();
                    onCases.merge(id, 1, Integer::sum);
                    caseOf.put(id, supportCase.path("caseId").asText());
                }
            }
            Set<String> expected = new HashSet<>();
            ledger.referrals.values().stream().filter(referral -> referral.requester() == requester).forEach(referral -> {
                expected.add(referral.referralId());
                if (caseOf.containsKey(referral.referralId()) && !caseOf.get(referral.referralId()).equals(referral.caseId())) {
                    findings.add(requester.code + " cases: referral " + referral.referralId() + " filed on the wrong case");
                }
            });
            exactlyOnce(requester.code + " cases", expected, onCases, 0);
        }
        for (FaultTraffic.Consent consent : ledger.consents.values()) {
            String state = ledger.withdrawn.contains(consent.consentId()) ? "WITHDRAWN" : "GIVEN";
            for (Agency party : List.of(consent.recorder(), consent.grantee())) {
                NetworkClient.Response answer = client.get(topology.agencyUrl(party) + "/api/consents/" + consent.consentId(),
                        traffic.token(party));
                readModelEntriesChecked++;
                String seen = answer.status() == 200 ? answer.json().path("state").asText() : "HTTP " + answer.status();
                boolean eitherWay = ledger.withdrawalUnknown.contains(consent.consentId())
                        && (seen.equals("GIVEN") || seen.equals("WITHDRAWN"));
                if (!state.equals(seen) && !eitherWay) {
                    findings.add(party.code + " consents: " + consent.consentId() + " is " + seen + ", ledger says " + state);
                }
            }
        }
    }

    /** Every case of the agency. */
    private List<JsonNode> wholeCaseload(Agency agency) throws IOException, InterruptedException {
        return everyPage(agency, "/api/cases", body -> body);
    }

    private List<String> inboxIds(Agency recipient) throws IOException, InterruptedException {
        return everyPage(recipient, "/api/referrals/inbox", body -> body.get("referrals")).stream()
                .map(entry -> entry.get("referralId").asText()).toList();
    }

    /**
     * Every item of one of the agency's paged lists, in pages of the largest size the API serves (the traffic has
     * stopped, so the pages hold still).
     */
    private List<JsonNode> everyPage(Agency agency, String list, Function<JsonNode, JsonNode> itemsOf)
            throws IOException, InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode onPage = itemsOf.apply(NetworkClient.expect(200, traffic.client().get(topology.agencyUrl(agency)
                    + list + "?size=" + LARGEST_PAGE + "&page=" + page, traffic.token(agency))));
            onPage.forEach(items::add);
            if (onPage.size() < LARGEST_PAGE) {
                return items;
            }
        }
    }

    private void exactlyOnce(String where, Set<String> expected, Map<String, Integer> counted, long uncertain) {
        if (!where.startsWith("exchange")) {
            readModelEntriesChecked += counted.size();
        }
        findings.addAll(exactlyOnceFindings(where, expected, counted, uncertain));
    }

    /**
     * Every expected id counted once; nothing counted twice; ids nobody ledgered only as many as the commands whose
     * answer was lost (each of those may or may not have been applied).
     */
    static List<String> exactlyOnceFindings(String where, Set<String> expected, Map<String, Integer> counted,
                                            long uncertain) {
        List<String> found = new ArrayList<>();
        List<String> missing = expected.stream().filter(id -> !counted.containsKey(id)).sorted().toList();
        List<String> twice = counted.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey)
                .sorted().toList();
        long unledgered = counted.keySet().stream().filter(id -> !expected.contains(id)).count();
        if (!missing.isEmpty()) {
            found.add(where + ": " + missing.size() + " of " + expected.size() + " accepted missing, e.g. "
                    + missing.stream().limit(3).toList());
        }
        if (!twice.isEmpty()) {
            found.add(where + ": " + twice.size() + " present more than once, e.g. " + twice.stream().limit(3).toList());
        }
        if (unledgered > uncertain) {
            found.add(where + ": " + unledgered + " never accepted (only " + uncertain + " answers were lost)");
        }
        return found;
    }
}
