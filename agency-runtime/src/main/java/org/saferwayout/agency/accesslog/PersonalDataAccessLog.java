package org.saferwayout.agency.accesslog;

import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.events.AccessPurpose;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalDataAccessed;
import org.saferwayout.events.SurvivorRef;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Records every read of a survivor's personal data in the exchange ({@link PersonalDataAccessed}): who, with
 * which roles, for what, when and which categories. Called by each endpoint that serves personal data, after it
 * has the answer and before it sends it: if the record cannot be written, the data is not served (the exchange
 * being down answers 503, as for any other write to it). A read that shows no personal data records nothing.
 */
@Component
public class PersonalDataAccessLog {

    private final ExchangePublisher exchange;
    private final AgencyId thisAgency;
    private final Clock clock;

    PersonalDataAccessLog(ExchangePublisher exchange, AgencyProperties agency, Clock clock) {
        this.exchange = exchange;
        this.thisAgency = agency.id();
        this.clock = clock;
    }

    /** Records the read if it shows anything; {@code categories} are those actually in the answer. */
    public void recordRead(Authentication reader, SurvivorRef survivor, Set<DataCategory> categories,
                           AccessPurpose purpose, String resource, String recordId) {
        if (categories.isEmpty()) {
            return;
        }
        Set<String> roles = new TreeSet<>();
        for (GrantedAuthority authority : reader.getAuthorities()) {
            if (authority.getAuthority().startsWith("ROLE_")) {
                roles.add(authority.getAuthority().substring("ROLE_".length()));
            }
        }
        exchange.publish(new PersonalDataAccessed(UUID.randomUUID(), survivor, thisAgency, thisAgency, reader.getName(),
                roles, purpose, resource, recordId, Set.copyOf(categories), clock.instant()));
    }
}
