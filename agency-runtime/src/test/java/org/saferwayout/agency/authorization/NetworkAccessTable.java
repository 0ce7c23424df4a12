package org.saferwayout.agency.authorization;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.saferwayout.agency.authorization.NetworkAccessTable.Caller.AGENCY_SYSTEM;
import static org.saferwayout.agency.authorization.NetworkAccessTable.Caller.AUDITOR;
import static org.saferwayout.agency.authorization.NetworkAccessTable.Caller.COORDINATOR;
import static org.saferwayout.agency.authorization.NetworkAccessTable.Caller.INTAKE_WORKER;
import static org.saferwayout.agency.authorization.NetworkAccessTable.Caller.PRIVACY_OFFICER;
import static org.saferwayout.agency.authorization.NetworkAccessTable.Caller.SUPERVISOR;
import static org.saferwayout.agency.authorization.NetworkAccessTable.ConsentState.EMERGENCY_DISCLOSURE;
import static org.saferwayout.agency.authorization.NetworkAccessTable.ConsentState.GIVEN;
import static org.saferwayout.agency.authorization.NetworkAccessTable.ConsentState.NONE;
import static org.saferwayout.agency.authorization.NetworkAccessTable.PersonalDatum.OUTCOME_SENT_BACK;
import static org.saferwayout.agency.authorization.NetworkAccessTable.PersonalDatum.OWN_SAFETY_PLAN;
import static org.saferwayout.agency.authorization.NetworkAccessTable.PersonalDatum.RECEIVED_NAME;

/**
 * THE table of who may do what on the network's agency services, written out by hand from the design, not
 * derived from the code under test: for each operation (method and OpenAPI path template) the callers allowed,
 * what an allowed call answers in each consent state, and which of a survivor's personal data it may show in
 * which consent state. Everything not allowed here must be refused: 401 for any token that is not a valid one
 * of a trusted issuer, 403 for another agency's token or a role not listed. The directory rows are the one
 * exception to "own agency only": the network's directory is readable by every network agency's token.
 *
 * <p>Rows run in this order: every read before any write, and the writes that end things (closure, withdrawal,
 * deletion) last, so that what the reads see is the consent state the fixture prepared.
 */
public final class NetworkAccessTable {

    /** Who calls: each role of an agency, its system client, and staff with no or an unknown role. */
    public enum Caller {
        COORDINATOR("SAFETY_NETWORK_COORDINATOR"),
        INTAKE_WORKER("INTAKE_WORKER"),
        SUPERVISOR("SUPERVISOR"),
        AUDITOR("AUDITOR"),
        PRIVACY_OFFICER("PRIVACY_OFFICER"),
        /** The agency's own case software, with client credentials. */
        AGENCY_SYSTEM("AGENCY_SYSTEM"),
        /** A signed-in member of staff the provider gave no role. */
        NO_ROLE(),
        /** A role the network does not know. */
        UNKNOWN_ROLE("ADMINISTRATOR");

        private final List<String> roles;

        Caller(String... roles) {
            this.roles = List.of(roles);
        }

        public List<String> roles() {
            return roles;
        }

        /** The token's subject: a client id for the system, a user name otherwise. */
        public String subject(String agency) {
            String who = this == AGENCY_SYSTEM ? "system" : name().toLowerCase().replace('_', '-');
            return (agency == null ? "nobody" : agency) + "-" + who;
        }
    }

    /** Where the survivor's consent stands, for the agency that would read her data. */
    public enum ConsentState {
        NONE, GIVEN, WITHDRAWN, EXPIRED, EMERGENCY_DISCLOSURE
    }

    /** The personal data the fixture plants, each a unique marker that a response body can be searched for. */
    public enum PersonalDatum {
        /** Her name, received with a partner's referral: readable only under a consent (or disclosure) for us. */
        RECEIVED_NAME,
        /** A service outcome the partner sent back on our referral: readable only under a consent for the partner. */
        OUTCOME_SENT_BACK,
        /** Our own safety plan for her: our record, no consent involved, case workers only. */
        OWN_SAFETY_PLAN
    }

    private static final Set<Caller> CASE_WORKERS = EnumSet.of(COORDINATOR, INTAKE_WORKER, SUPERVISOR);
    private static final Set<Caller> CASE_READERS = EnumSet.of(COORDINATOR, INTAKE_WORKER, SUPERVISOR, AGENCY_SYSTEM);
    private static final Set<Caller> AUDIT_READERS = EnumSet.of(AUDITOR, PRIVACY_OFFICER);
    private static final Set<Caller> SUBSCRIBERS = EnumSet.of(AGENCY_SYSTEM, SUPERVISOR);
    private static final Set<Caller> EVERY_CALLER = EnumSet.allOf(Caller.class);

    /** A referral request the service accepts; {partner} is the fixture's partner agency. */
    private static final String REFERRAL = "{\"recipientAgency\":\"{partner}\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"ROUTINE\"}";
    private static final String CONSENT = "{\"survivorRef\":\"{survivorRef}\",\"granteeAgency\":\"{partner}\","
            + "\"purposes\":[\"EXIT_SUPPORT\"],\"categories\":[\"IDENTITY\"],\"method\":\"WRITTEN\",\"language\":\"en\"}";
    private static final String SUBSCRIPTION = "{\"callbackUrl\":\"http://127.0.0.1:9/matrix\",\"eventTypes\":[]}";
    private static final String DIRECTORY_SERVICE = "00f49467-75c3-463a-a874-213d2bde29d6";
    private static final String DIRECTORY_ORGANIZATION = "9ef0327a-1e81-415f-9364-f6b71c5f56bd";
    private static final String DIRECTORY_SERVICE_AT_LOCATION = "74bace79-ee3b-4d25-a42d-1ca1c50f2cec";
    private static final String DIRECTORY_LOCATION = "d09dc30b-62da-423e-b935-05b7cd910419";

    public static final List<Operation> OPERATIONS = List.of(
            // --- reads (agency runtime: every agency service) ---
            get("/api/cases").by(CASE_READERS),
            get("/api/cases/{caseId}").by(CASE_READERS).shows(OUTCOME_SENT_BACK, GIVEN),
            get("/api/cases/{caseId}/safety-plans").by(CASE_WORKERS).shows(OWN_SAFETY_PLAN, ConsentState.values()),
            get("/api/referrals/inbox").by(CASE_READERS),
            get("/api/referrals/inbox/{referralId}").by(CASE_READERS).shows(RECEIVED_NAME, GIVEN, EMERGENCY_DISCLOSURE),
            get("/api/consents/{consentId}").by(CASE_READERS).answers(200).when(NONE, 404),
            // An emergency disclosure is no consent: it has no FHIR Consent form (ADR 018).
            get("/api/consents/{consentId}/fhir").by(CASE_READERS).answers(200).when(NONE, 404)
                    .when(EMERGENCY_DISCLOSURE, 409),
            get("/api/supervisor/notifications").by(EnumSet.of(SUPERVISOR)),
            get("/api/retention/erasures").by(EnumSet.of(PRIVACY_OFFICER, AUDITOR)),
            get("/api/audit/events").by(AUDIT_READERS),
            get("/api/audit/knowledge").by(AUDIT_READERS),
            get("/api/audit/access-log").by(AUDIT_READERS),
            get("/api/audit/emergency-disclosures").by(AUDIT_READERS),
            get("/api/audit/witnessed-checkpoints").by(AUDIT_READERS),
            get("/api/subscriptions").by(SUBSCRIBERS),
            get("/api/subscriptions/{subscriptionId}").by(SUBSCRIBERS),
            get("/api/subscriptions/{subscriptionId}/dead-letters").by(SUBSCRIBERS),
            get("/api/notifications/stream").by(SUBSCRIBERS),
            // --- reads REACH adds: the network directory (every network agency) and the outcome report ---
            get("/services").byEveryNetworkAgency(),
            get("/services/{id}").byEveryNetworkAgency().value("id", DIRECTORY_SERVICE),
            get("/organizations").byEveryNetworkAgency(),
            get("/organizations/{id}").byEveryNetworkAgency().value("id", DIRECTORY_ORGANIZATION),
            get("/service_at_locations").byEveryNetworkAgency(),
            get("/service_at_locations/{id}").byEveryNetworkAgency().value("id", DIRECTORY_SERVICE_AT_LOCATION),
            get("/locations/{id}").byEveryNetworkAgency().value("id", DIRECTORY_LOCATION),
            get("/api/reports/outcomes").by(EnumSet.of(SUPERVISOR, COORDINATOR, AUDITOR)),
            // --- writes that leave the fixture's states as they were ---
            post("/api/cases", "{}").by(CASE_WORKERS).answers(201),
            post("/api/cases/{caseId}/referrals", REFERRAL).by(CASE_WORKERS).answers(202),
            post("/api/cases/{caseId}/safety-plans", "{\"summary\":\"A revised plan.\"}").by(CASE_WORKERS).answers(202),
            post("/api/consents", CONSENT).by(CASE_WORKERS).answers(201),
            post("/api/referrals/inbox/{referralId}/services-delivered",
                    "{\"directoryServiceId\":\"{ownDirectoryService}\",\"deliveredOn\":\"2026-01-05\",\"outcome\":\"Attended.\"}")
                    .by(CASE_WORKERS).answers(202, 409),
            post("/api/referrals/inbox/{referralId}/actions/{action}", null).value("action", "RECEIVE")
                    .by(CASE_WORKERS).answers(200, 409),
            post("/api/subscriptions", SUBSCRIPTION).by(SUBSCRIBERS).answers(201),
            put("/api/subscriptions/{subscriptionId}", SUBSCRIPTION).by(SUBSCRIBERS).answers(200),
            post("/api/subscriptions/{subscriptionId}/dead-letters/redelivery", null).by(SUBSCRIBERS).answers(202),
            post("/api/subscriptions/{subscriptionId}/dead-letters/{sequence}/redelivery", null).value("sequence", "1")
                    // 202 once the fixture's webhook (to a closed port) has given up on its first notification
                    .by(SUBSCRIBERS).answers(202, 404),
            post("/api/keys/rotation", null).by(EnumSet.of(PRIVACY_OFFICER, AGENCY_SYSTEM)).answers(200),
            // A survivor of her own, so that the matrix's erasures leave the fixture's survivors alone.
            post("/api/erasures", "{\"survivorRef\":\"{bystanderSurvivorRef}\"}").by(EnumSet.of(PRIVACY_OFFICER)).answers(202),
            // --- writes that end things: last ---
            post("/api/cases/{caseId}/referrals/{referralId}/actions/{action}", "{\"reason\":\"NO_LONGER_NEEDED\"}")
                    .value("action", "CANCEL").by(CASE_WORKERS).answers(200, 409),
            post("/api/cases/{caseId}/closure", "{\"reason\":\"GOALS_MET\"}").by(CASE_WORKERS).answers(202, 409),
            post("/api/cases/{caseId}/reopening", null).by(CASE_WORKERS).answers(202, 409),
            post("/api/consents/{consentId}/withdrawal", null).by(CASE_WORKERS).answers(200, 409)
                    .when(NONE, 404).when(EMERGENCY_DISCLOSURE, 404),
            delete("/api/subscriptions/{subscriptionId}").by(SUBSCRIBERS).answers(204, 404));

    private NetworkAccessTable() {
    }

    public static String key(String method, String path) {
        return method + " " + path;
    }

    private static Operation get(String path) {
        return new Operation("GET", path, null).answers(200);
    }

    private static Operation post(String path, String body) {
        return new Operation("POST", path, body);
    }

    private static Operation put(String path, String body) {
        return new Operation("PUT", path, body);
    }

    private static Operation delete(String path) {
        return new Operation("DELETE", path, null);
    }

    /** One row: an operation and everything the matrix expects of it. */
    public static final class Operation {

        private final String method;
        private final String path;
        private final String body;
        private Set<Caller> allowed = EnumSet.noneOf(Caller.class);
        private boolean everyNetworkAgency;
        private final Map<ConsentState, Set<Integer>> answers = new EnumMap<>(ConsentState.class);
        private final Map<PersonalDatum, Set<ConsentState>> shows = new EnumMap<>(PersonalDatum.class);
        private final Map<String, String> values = new LinkedHashMap<>();

        private Operation(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }

        private Operation by(Set<Caller> callers) {
            this.allowed = EnumSet.copyOf(callers);
            return this;
        }

        /** Any caller with a valid token naming any network agency, roles or none. */
        private Operation byEveryNetworkAgency() {
            this.everyNetworkAgency = true;
            return by(EVERY_CALLER);
        }

        /** What an allowed call answers in every consent state (until {@link #when} says otherwise). */
        private Operation answers(Integer... statuses) {
            for (ConsentState state : ConsentState.values()) {
                answers.put(state, Set.of(statuses));
            }
            return this;
        }

        private Operation when(ConsentState state, Integer... statuses) {
            answers.put(state, Set.of(statuses));
            return this;
        }

        private Operation shows(PersonalDatum datum, ConsentState... states) {
            shows.put(datum, EnumSet.copyOf(List.of(states)));
            return this;
        }

        private Operation value(String variable, String value) {
            values.put(variable, value);
            return this;
        }

        public String method() {
            return method;
        }

        public String path() {
            return path;
        }

        public String key() {
            return NetworkAccessTable.key(method, path);
        }

        /** The request body template, placeholders in braces; null for none. */
        public String body() {
            return body;
        }

        public boolean allows(Caller caller) {
            return allowed.contains(caller);
        }

        public boolean everyNetworkAgency() {
            return everyNetworkAgency;
        }

        public Set<Integer> answers(ConsentState state) {
            return answers.get(state);
        }

        /** Which of the planted data an allowed call shows in this state; never any other. */
        public Set<PersonalDatum> shows(ConsentState state) {
            Set<PersonalDatum> shown = EnumSet.noneOf(PersonalDatum.class);
            shows.forEach((datum, states) -> {
                if (states.contains(state)) {
                    shown.add(datum);
                }
            });
            return shown;
        }

        /** Fixed values for path variables this row names itself. */
        public Map<String, String> values() {
            return Collections.unmodifiableMap(values);
        }
    }

    /** The table's rows in order, as keys. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        OPERATIONS.forEach(row -> keys.add(row.key()));
        return keys;
    }
}
