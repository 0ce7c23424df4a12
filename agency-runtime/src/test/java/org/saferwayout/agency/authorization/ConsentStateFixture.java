package org.saferwayout.agency.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.saferwayout.agency.authorization.NetworkAccessTable.Caller;
import org.saferwayout.agency.authorization.NetworkAccessTable.ConsentState;
import org.saferwayout.agency.authorization.NetworkAccessTable.PersonalDatum;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentExpired;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.EmergencyDisclosureMade;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.ReferralRequested;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.ServiceDelivered;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One survivor per consent state, prepared through the service's own API where it can be and, for what a
 * partner agency does, by publishing the partner's events on the exchange: a case here with a safety plan and
 * a referral to the partner, a service outcome the partner sent back, a referral the partner sent here with her
 * name, and the consents between the two agencies in the state named. Each piece of personal data is a unique
 * marker, so that a response body can be searched for it.
 */
final class ConsentStateFixture {

    /** Long enough for a loaded CI machine; the exchange usually needs well under a second. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Our consent for the partner in the EXPIRED state runs out this soon after it is recorded. */
    private static final Duration SHORT_PERIOD = Duration.ofSeconds(3);

    /** Sends one request as a caller of this agency with a valid token. */
    interface Staff {
        MockHttpServletResponse send(Caller caller, String method, String path, String body) throws Exception;
    }

    /** What was prepared for one consent state: the ids path templates take, and the planted data. */
    record Prepared(ConsentState state, String caseId, String survivorRef, String outgoingReferralId,
                    String incomingReferralId, String consentId, Map<PersonalDatum, String> markers) {
    }

    private final Staff staff;
    private final ObjectMapper json;
    private final ExchangePublisher exchange;
    private final ConsentRegistry registry;
    private final AgencyId own;
    private final AgencyId partner;

    ConsentStateFixture(Staff staff, ObjectMapper json, ExchangePublisher exchange, ConsentRegistry registry,
                        AgencyId own, AgencyId partner) {
        this.staff = staff;
        this.json = json;
        this.exchange = exchange;
        this.registry = registry;
        this.own = own;
        this.partner = partner;
    }

    Map<ConsentState, Prepared> prepareEvery() throws Exception {
        Map<ConsentState, Prepared> prepared = new EnumMap<>(ConsentState.class);
        for (ConsentState state : ConsentState.values()) {
            prepared.put(state, prepare(state));
        }
        return prepared;
    }

    private Prepared prepare(ConsentState state) throws Exception {
        String tag = state.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<PersonalDatum, String> markers = new EnumMap<>(PersonalDatum.class);
        markers.put(PersonalDatum.RECEIVED_NAME, "Name" + tag);
        markers.put(PersonalDatum.OUTCOME_SENT_BACK, "Outcome" + tag);
        markers.put(PersonalDatum.OWN_SAFETY_PLAN, "Plan" + tag);

        JsonNode opened = ok(staff.send(Caller.COORDINATOR, "POST", "/api/cases", "{}"), 201);
        String caseId = opened.get("caseId").asText();
        SurvivorRef survivor = new SurvivorRef(opened.get("survivorRef").asText());
        ok(staff.send(Caller.COORDINATOR, "POST", "/api/cases/" + caseId + "/safety-plans",
                "{\"summary\":\"" + markers.get(PersonalDatum.OWN_SAFETY_PLAN) + "\"}"), 202);
        String outgoing = refer(state, caseId);
        String consentId = ourConsentForThePartner(state, survivor, outgoing);

        // What the partner does: its consent (or disclosure) for us, an outcome on our referral, a referral to us.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String incoming = UUID.randomUUID().toString();
        String partnersConsent = UUID.randomUUID().toString();
        if (state == ConsentState.EMERGENCY_DISCLOSURE) {
            exchange.publish(new EmergencyDisclosureMade(UUID.randomUUID(), UUID.randomUUID().toString(), incoming,
                    survivor, partner, own, ConsentPurpose.SAFE_HOUSING, Set.of(DataCategory.IDENTITY), now,
                    now.plus(Duration.ofHours(24)), partner.code() + "-supervisor"));
        } else if (state != ConsentState.NONE) {
            exchange.publish(new ConsentGiven(UUID.randomUUID(), partnersConsent, survivor, partner, own,
                    Set.of(ConsentPurpose.SAFE_HOUSING), Set.of(DataCategory.IDENTITY), now.minusSeconds(60),
                    now.plus(Duration.ofDays(30)), ConsentMethod.WRITTEN, "en", partner.code() + "-coordinator", null, now));
        }
        await().atMost(PATIENCE).until(() -> registry.ofSurvivor(survivor).size() >= expectedRegistryEntries(state));
        exchange.publish(new ServiceDelivered(UUID.randomUUID(), outgoing, caseId, survivor, partner, own, null,
                SupportService.EXIT_SUPPORT, LocalDate.now(), now, PersonalData.serviceOutcome(markers.get(PersonalDatum.OUTCOME_SENT_BACK))));
        exchange.publish(new ReferralRequested(UUID.randomUUID(), incoming, UUID.randomUUID().toString(), survivor,
                partner, own, SupportService.SAFE_LODGING, ReferralUrgency.URGENT, now,
                new PersonalData(markers.get(PersonalDatum.RECEIVED_NAME), null, null, null, null, null), null));
        await().atMost(PATIENCE).until(() -> staff.send(Caller.INTAKE_WORKER, "GET", "/api/referrals/inbox/" + incoming, null)
                .getStatus() == 200);
        if (state == ConsentState.GIVEN || state == ConsentState.WITHDRAWN) {
            awaitShown(caseId, incoming, markers, true);
        } else if (state == ConsentState.EXPIRED || state == ConsentState.EMERGENCY_DISCLOSURE) {
            awaitShown("/api/referrals/inbox/" + incoming, markers.get(PersonalDatum.RECEIVED_NAME), true);
        }

        // Ending the consents: the data that came under them must go.
        if (state == ConsentState.WITHDRAWN) {
            ok(staff.send(Caller.COORDINATOR, "POST", "/api/consents/" + consentId + "/withdrawal", null), 200);
            exchange.publish(new ConsentWithdrawn(UUID.randomUUID(), partnersConsent, survivor, partner, own,
                    partner.code() + "-coordinator", Instant.now()));
        } else if (state == ConsentState.EXPIRED) {
            exchange.publish(new ConsentExpired(UUID.randomUUID(), partnersConsent, survivor, partner, own, Instant.now()));
            await().atMost(PATIENCE).until(() -> registry.find(consentId).map(view -> "EXPIRED".equals(view.state()))
                    .orElse(false));
        }
        if (state == ConsentState.WITHDRAWN || state == ConsentState.EXPIRED) {
            awaitShown(caseId, incoming, markers, false);
        }
        return new Prepared(state, caseId, survivor.value(), outgoing, incoming, consentId, markers);
    }

    /** Our referral to the partner; under an emergency disclosure, made by a supervisor (break-glass). */
    private String refer(ConsentState state, String caseId) throws Exception {
        String referral = "{\"recipientAgency\":\"" + partner.code() + "\",\"service\":\"EXIT_SUPPORT\",\"urgency\":\"URGENT\"";
        Caller by = Caller.COORDINATOR;
        if (state == ConsentState.EMERGENCY_DISCLOSURE) {
            referral += ",\"emergencyDisclosure\":{\"justification\":\"Imminent risk to life reported by the survivor.\","
                    + "\"categories\":[\"IDENTITY\"],\"hours\":24},\"personalData\":{\"name\":\"Released in an emergency\"}";
            by = Caller.SUPERVISOR;
        }
        return ok(staff.send(by, "POST", "/api/cases/" + caseId + "/referrals", referral + "}"), 202)
                .get("referralId").asText();
    }

    /** The consent this agency records for the partner (covering outcomes it sends back), by the API. */
    private String ourConsentForThePartner(ConsentState state, SurvivorRef survivor, String outgoing) throws Exception {
        if (state == ConsentState.NONE) {
            return UUID.randomUUID().toString(); // well-formed, and no consent of hers
        }
        if (state == ConsentState.EMERGENCY_DISCLOSURE) {
            await().atMost(PATIENCE).until(() -> registry.emergencyDisclosureFor(outgoing).isPresent());
            return registry.emergencyDisclosureFor(outgoing).orElseThrow().consentId();
        }
        String period = state == ConsentState.EXPIRED
                ? ",\"validUntil\":\"" + Instant.now().plus(SHORT_PERIOD) + "\"" : "";
        String consentId = ok(staff.send(Caller.COORDINATOR, "POST", "/api/consents",
                "{\"survivorRef\":\"" + survivor.value() + "\",\"granteeAgency\":\"" + partner.code() + "\","
                        + "\"purposes\":[\"EXIT_SUPPORT\"],\"categories\":[\"SERVICE_OUTCOME\"],\"method\":\"WRITTEN\","
                        + "\"language\":\"en\"" + period + "}"), 201).get("consentId").asText();
        await().atMost(PATIENCE).until(() -> registry.find(consentId).isPresent());
        return consentId;
    }

    /** Ours for the partner, and the partner's for us (or the two disclosures). */
    private static int expectedRegistryEntries(ConsentState state) {
        return state == ConsentState.NONE ? 0 : 2;
    }

    private void awaitShown(String caseId, String incoming, Map<PersonalDatum, String> markers, boolean shown) {
        awaitShown("/api/referrals/inbox/" + incoming, markers.get(PersonalDatum.RECEIVED_NAME), shown);
        awaitShown("/api/cases/" + caseId, markers.get(PersonalDatum.OUTCOME_SENT_BACK), shown);
    }

    private void awaitShown(String path, String marker, boolean shown) {
        await().atMost(PATIENCE).until(() -> staff.send(Caller.COORDINATOR, "GET", path, null)
                .getContentAsString().contains(marker) == shown);
    }

    private JsonNode ok(MockHttpServletResponse response, int status) throws Exception {
        assertThat(response.getStatus()).as("fixture step: %s", response.getContentAsString()).isEqualTo(status);
        String body = response.getContentAsString();
        return body.isEmpty() ? json.createObjectNode() : json.readTree(body);
    }
}
