package org.saferwayout.agency.domain;

import org.junit.jupiter.api.Test;
import org.saferwayout.events.AgencyId;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SafeRetriesTest {

    private static final String CASE = "0b7e6a52-3c1d-4f0e-9a8b-7c6d5e4f3a2b";
    private static final String OTHER_CASE = "1c8f7b63-4d2e-4a1f-8b9c-8d7e6f5a4b3c";

    @Test
    void theSameKeyNamesTheSameRecordAndAnotherKeyAnotherOne() {
        String first = SafeRetries.referralId(AgencyId.ALERT, CASE, "retry-key-1");
        assertThat(SafeRetries.referralId(AgencyId.ALERT, CASE, "retry-key-1")).isEqualTo(first);
        assertThat(SafeRetries.referralId(AgencyId.ALERT, CASE, "retry-key-2")).isNotEqualTo(first);
    }

    @Test
    void aKeyCannotNameAnotherAgencysCaseOrKindOfRecord() {
        String key = "retry-key-1";
        String referral = SafeRetries.referralId(AgencyId.ALERT, CASE, key);
        assertThat(SafeRetries.referralId(AgencyId.CEASE, CASE, key)).isNotEqualTo(referral);
        assertThat(SafeRetries.referralId(AgencyId.ALERT, OTHER_CASE, key)).isNotEqualTo(referral);
        assertThat(SafeRetries.deliveryId(AgencyId.ALERT, CASE, key)).isNotEqualTo(referral);
        assertThat(referral).as("a key never becomes an id by itself").isNotEqualTo(key);
    }

    @Test
    void withoutAKeyEveryRequestIsANewRecord() {
        assertThat(SafeRetries.referralId(AgencyId.ALERT, CASE, null))
                .isNotEqualTo(SafeRetries.referralId(AgencyId.ALERT, CASE, null))
                .isNotEqualTo(SafeRetries.referralId(AgencyId.ALERT, CASE, ""));
    }

    @Test
    void derivedIdsAreWellFormedRecordIds() {
        String id = SafeRetries.deliveryId(AgencyId.REACH, CASE, "01JDZ8Q4M2N3P4Q5R6S7T8V9W0");
        assertThat(RecordIds.ifWellFormed(id)).contains(id);
        assertThat(UUID.fromString(id).version()).isEqualTo(8);
        assertThat(UUID.fromString(id).variant()).isEqualTo(2);
    }
}
