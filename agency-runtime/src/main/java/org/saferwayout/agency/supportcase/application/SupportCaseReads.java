package org.saferwayout.agency.supportcase.application;

import org.saferwayout.agency.accesslog.PersonalDataAccessLog;
import org.saferwayout.events.AccessPurpose;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.SurvivorRef;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one way staff read a case's personal data (service outcomes, safety plans), through the API or the
 * portal: the read is recorded on the exchange, with the categories it shows, before it is returned.
 */
@Component
public class SupportCaseReads {

    private final SupportCaseQueries queries;
    private final PersonalDataAccessLog accessLog;

    SupportCaseReads(SupportCaseQueries queries, PersonalDataAccessLog accessLog) {
        this.queries = queries;
        this.accessLog = accessLog;
    }

    /** The case with the service outcomes a consent lets this agency see now. */
    public Optional<SupportCaseView> read(String caseId, Authentication reader) {
        return queries.find(caseId).map(found -> {
            Set<DataCategory> shown = EnumSet.noneOf(DataCategory.class);
            found.referrals().forEach(referral -> referral.servicesDelivered().forEach(delivered -> {
                if (delivered.outcome() != null) {
                    shown.addAll(delivered.outcome().categories());
                }
            }));
            accessLog.recordRead(reader, new SurvivorRef(found.survivorRef()), shown, AccessPurpose.CASE_COORDINATION,
                    "support-case", found.caseId());
            return found;
        });
    }

    /** Every version of the case's safety plan, newest first; empty if there is no such case. */
    public Optional<List<SafetyPlanView>> readSafetyPlans(String caseId, Authentication reader) {
        return queries.find(caseId).map(found -> {
            List<SafetyPlanView> plans = queries.safetyPlans(caseId);
            accessLog.recordRead(reader, new SurvivorRef(found.survivorRef()),
                    plans.isEmpty() ? Set.of() : Set.of(DataCategory.SAFETY_PLAN), AccessPurpose.SAFETY_PLANNING,
                    "safety-plans", caseId);
            return plans;
        });
    }
}
