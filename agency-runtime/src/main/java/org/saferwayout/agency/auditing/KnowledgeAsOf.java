package org.saferwayout.agency.auditing;

import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentExpired;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.ConsentSuperseded;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.EmergencyDisclosureMade;
import org.saferwayout.events.IntegrationEvent;
import org.saferwayout.events.SharingDecisionRecorded;
import org.saferwayout.events.SurvivorRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an agency knew of a survivor at a moment, and under which consent: rebuilt from the exchange's events
 * stored by then. For each share addressed to it, the categories released (from the sharing decision, which is
 * recorded whether or not anything was shared) and those it could still read at that moment, which is what a
 * consent then in force covers (or an emergency disclosure then valid); nothing is read from the agency itself.
 */
final class KnowledgeAsOf {

    private KnowledgeAsOf() {
    }

    record Knowledge(String agency, String survivorRef, Instant at, List<InForce> inForce,
                     List<Share> shares, boolean onlyThePseudonym) {
    }

    /** A consent (or an emergency disclosure, {@code kind}) in force for the agency at that moment. */
    record InForce(String id, String kind, Set<ConsentPurpose> purposes, Set<DataCategory> categories,
                   Instant validUntil) {
    }

    /** One share addressed to the agency: what left the sender, and what the agency could read at that moment. */
    record Share(String referralId, ConsentPurpose purpose, Instant sharedAt, Set<DataCategory> released,
                 Set<DataCategory> known, String under) {
    }

    static final String CONSENT = "CONSENT";
    static final String EMERGENCY_DISCLOSURE = "EMERGENCY_DISCLOSURE";

    static Knowledge of(List<ExchangeHistory.Entry> history, AgencyId agency, SurvivorRef survivor, Instant at) {
        Map<String, ConsentGiven> given = new LinkedHashMap<>();
        Set<String> ended = new HashSet<>();
        Map<String, EmergencyDisclosureMade> emergencies = new LinkedHashMap<>();
        List<ExchangeHistory.Entry> decisions = new ArrayList<>();
        for (ExchangeHistory.Entry entry : history) {
            IntegrationEvent event = entry.event();
            if (event == null || entry.storedAt().isAfter(at) || event.recipientAgency() != agency
                    || !survivor.equals(event.survivorRef())) {
                continue;
            }
            if (event instanceof ConsentGiven consent) {
                given.put(consent.consentId(), consent);
            } else if (event instanceof ConsentWithdrawn || event instanceof ConsentExpired
                    || event instanceof ConsentSuperseded) {
                ended.add(((org.saferwayout.events.ConsentEvent) event).consentId());
            } else if (event instanceof EmergencyDisclosureMade disclosure) {
                emergencies.put(disclosure.referralId(), disclosure);
            } else if (event instanceof SharingDecisionRecorded) {
                decisions.add(entry);
            }
        }
        List<InForce> inForce = new ArrayList<>();
        for (ConsentGiven consent : given.values()) {
            if (!ended.contains(consent.consentId()) && !consent.validFrom().isAfter(at) && consent.validUntil().isAfter(at)) {
                inForce.add(new InForce(consent.consentId(), CONSENT, consent.purposes(), consent.categories(),
                        consent.validUntil()));
            }
        }
        for (EmergencyDisclosureMade disclosure : emergencies.values()) {
            if (!disclosure.validFrom().isAfter(at) && disclosure.validUntil().isAfter(at)) {
                inForce.add(new InForce(disclosure.disclosureId(), EMERGENCY_DISCLOSURE, Set.of(disclosure.purpose()),
                        disclosure.categories(), disclosure.validUntil()));
            }
        }
        List<Share> shares = new ArrayList<>();
        for (ExchangeHistory.Entry entry : decisions) {
            SharingDecisionRecorded decision = (SharingDecisionRecorded) entry.event();
            Set<DataCategory> covered = EnumSet.noneOf(DataCategory.class);
            String under = null;
            for (InForce grant : inForce) {
                boolean applies = grant.kind().equals(CONSENT) ? grant.purposes().contains(decision.purpose())
                        : emergencies.containsKey(decision.referralId())
                        && emergencies.get(decision.referralId()).disclosureId().equals(grant.id());
                if (applies && grant.categories().stream().anyMatch(decision.released()::contains)) {
                    covered.addAll(grant.categories());
                    under = under == null ? grant.id() : under;
                }
            }
            Set<DataCategory> known = EnumSet.noneOf(DataCategory.class);
            known.addAll(decision.released());
            known.retainAll(covered);
            shares.add(new Share(decision.referralId(), decision.purpose(), entry.storedAt(),
                    decision.released().isEmpty() ? Set.of() : EnumSet.copyOf(decision.released()), known,
                    known.isEmpty() ? null : under));
        }
        boolean onlyThePseudonym = shares.stream().allMatch(share -> share.known().isEmpty());
        return new Knowledge(agency.code(), survivor.value(), at, inForce, shares, onlyThePseudonym);
    }
}
