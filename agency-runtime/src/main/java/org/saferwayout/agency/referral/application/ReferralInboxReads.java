package org.saferwayout.agency.referral.application;

import org.saferwayout.agency.accesslog.PersonalDataAccessLog;
import org.saferwayout.events.AccessPurpose;
import org.saferwayout.events.SurvivorRef;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.Set;

/**
 * The one way staff read a received referral with its personal data, through the API or the portal: only what
 * a consent covers now, and the read recorded on the exchange before it is returned.
 */
@Component
public class ReferralInboxReads {

    private final ReferralInboxQueries queries;
    private final PersonalDataAccessLog accessLog;

    ReferralInboxReads(ReferralInboxQueries queries, PersonalDataAccessLog accessLog) {
        this.queries = queries;
        this.accessLog = accessLog;
    }

    public Optional<InboxEntryView> read(String referralId, Authentication reader) {
        return queries.find(referralId).map(found -> {
            accessLog.recordRead(reader, new SurvivorRef(found.survivorRef()),
                    found.personalData() == null ? Set.of() : found.personalData().categories(),
                    AccessPurpose.REFERRAL_HANDLING, "referral-inbox-entry", found.referralId());
            return found;
        });
    }
}
