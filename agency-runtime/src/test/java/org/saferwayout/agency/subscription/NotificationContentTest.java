package org.saferwayout.agency.subscription;

import org.junit.jupiter.api.Test;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentExpired;
import org.saferwayout.events.ConsentSuperseded;
import org.saferwayout.events.IntegrationEvent;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralStatusChanged;
import org.saferwayout.events.ReferralStatusReason;
import org.saferwayout.events.ServiceDeliveryCounted;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationContentTest {

    /**
     * Every integration event type is either made into a notification or deliberately left out: a new type in
     * {@code shared-events} fails here until someone decides what its notification carries.
     */
    @Test
    void everyIntegrationEventTypeIsDecidedOn() throws Exception {
        Set<String> types = sharedEventClassNames().stream().map(NotificationContentTest::load)
                .filter(type -> IntegrationEvent.class.isAssignableFrom(type) && !type.isInterface())
                .map(Class::getSimpleName).collect(Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrder(
                // notified
                "ReferralRequested", "ReferralStatusChanged", "ReferralAccepted", "ServiceDelivered", "ConsentGiven",
                "ConsentWithdrawn", "ConsentExpired", "ConsentSuperseded", "EmergencyDisclosureMade",
                "SurvivorErasureRequested",
                // deliberately not: audit records and REACH's de-identified counts
                "SharingDecisionRecorded", "ServiceDeliveryCounted", "PersonalDataAccessed");
    }

    /** The classes of the shared-events module, from its directory (in a reactor build) or its jar. */
    private static List<String> sharedEventClassNames() throws Exception {
        Path location = Path.of(IntegrationEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.map(file -> location.relativize(file).toString().replace('\\', '/')).forEach(entries::add);
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().map(JarEntry::getName).forEach(entries::add);
            }
        }
        return entries.stream().filter(name -> name.startsWith("org/saferwayout/events/") && name.endsWith(".class"))
                .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.')).toList();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, IntegrationEvent.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aStatusChangeNamesItsReferralAndCodesOnly() {
        ReferralStatusChanged changed = new ReferralStatusChanged(UUID.randomUUID(), "ref-1", "case-1",
                SurvivorRef.issue(), AgencyId.CEASE, AgencyId.ALERT, ReferralStatus.DECLINED,
                ReferralStatusReason.NO_CAPACITY, Instant.now());
        NotificationContent content = NotificationContent.of(changed).orElseThrow();
        assertThat(content.type()).isEqualTo(NotificationType.REFERRAL_STATUS_CHANGED);
        assertThat(content.subject()).isEqualTo("ref-1");
        assertThat(content.data()).containsOnlyKeys("sourceAgency", "recipientAgency", "survivorRef", "referralId",
                "requesterCaseRef", "status", "statusReason");
        assertThat(content.data().get("statusReason")).isEqualTo(ReferralStatusReason.NO_CAPACITY);
    }

    @Test
    void consentEndingsAndCountsAreMappedOrLeftOutAsDecided() {
        SurvivorRef survivor = SurvivorRef.issue();
        assertThat(NotificationContent.of(new ConsentExpired(UUID.randomUUID(), "c-1", survivor, AgencyId.CEASE,
                AgencyId.ALERT, Instant.now())).orElseThrow().type()).isEqualTo(NotificationType.CONSENT_EXPIRED);
        assertThat(NotificationContent.of(new ConsentSuperseded(UUID.randomUUID(), "c-1", survivor, AgencyId.CEASE,
                AgencyId.ALERT, "c-2", Instant.now())).orElseThrow().data()).containsEntry("supersededBy", "c-2");
        assertThat(NotificationContent.of(new ServiceDeliveryCounted(UUID.randomUUID(), AgencyId.CEASE, AgencyId.REACH,
                survivor, SupportService.EXIT_SUPPORT, "Edmonton", LocalDate.now()))).isEmpty();
    }

    @Test
    void retriesWaitAnywhereBetweenZeroAndAnExponentialCeiling() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofMinutes(10);
        for (int attempt = 1; attempt <= 15; attempt++) {
            long ceiling = Math.min(max.toMillis(), initial.toMillis() << (attempt - 1));
            int failedAttempts = attempt;
            LongSummaryStatistics waits = IntStream.range(0, 2000)
                    .mapToLong(i -> WebhookDeliveries.fullJitter(initial, max, failedAttempts).toMillis())
                    .summaryStatistics();
            assertThat(waits.getMin()).isGreaterThanOrEqualTo(0).isLessThan(ceiling / 10 + 1);
            assertThat(waits.getMax()).isLessThanOrEqualTo(ceiling).isGreaterThan(ceiling * 9 / 10);
        }
    }
}
