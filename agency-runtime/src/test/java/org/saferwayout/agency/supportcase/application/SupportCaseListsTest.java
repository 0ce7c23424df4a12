package org.saferwayout.agency.supportcase.application;

import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.referral.model.ReferralSide;
import org.saferwayout.agency.supportcase.api.CaseClosureReason;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.OutgoingReferralStatusChangedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.ReferralRequestedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseClosedEvent;
import org.saferwayout.agency.supportcase.api.SupportCaseEvents.SupportCaseOpenedEvent;
import org.saferwayout.agency.testapp.InMemoryMongo;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ReferralStatus;
import org.saferwayout.events.ReferralUrgency;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caseload, the referral outbox and a survivor's case, found however many cases the agency holds: none of
 * them may lose an old case or a referral still waiting for an answer behind newer ones (they used to read
 * only the newest 500 cases). The lists never read personal data, so the projection and queries run here
 * without the vault or received personal data.
 */
class SupportCaseListsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T18:00:00Z");
    private static final int OLD_CAP = 500;

    private static InMemoryMongo mongo;
    private SupportCaseProjection projection;
    private SupportCaseQueries queries;
    private long sequence;

    @BeforeAll
    static void startMongo() {
        mongo = InMemoryMongo.start();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void freshReadModel() {
        MongoDatabase database = mongo.freshDatabase();
        projection = new SupportCaseProjection(database, null, null);
        queries = new SupportCaseQueries(database, null, null, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aReferralWaitingFromTheOldestCaseLeadsTheOutboxAheadOfNewerAndSettledOnes() {
        String oldest = open(SurvivorRef.issue(), NOW.minus(Duration.ofDays(400)));
        String overdue = refer(oldest, NOW.minus(Duration.ofDays(20)));
        List<String> newer = openMany(OLD_CAP + 100, NOW.minus(Duration.ofDays(300)));
        String last = newer.get(newer.size() - 1);
        String waiting = refer(last, NOW.minus(Duration.ofHours(2)));
        String acceptedEarlier = refer(last, NOW.minus(Duration.ofDays(2)));
        answer(last, acceptedEarlier, ReferralStatus.ACCEPTED);
        String declinedLater = refer(last, NOW.minus(Duration.ofHours(1)));
        answer(last, declinedLater, ReferralStatus.DECLINED);

        SupportCaseQueries.Outbox outbox = queries.outbox(200);

        assertThat(outbox.referrals()).extracting(entry -> entry.referral().referralId())
                .containsExactly(overdue, waiting, declinedLater, acceptedEarlier);
        assertThat(outbox.referrals().get(0).caseId()).isEqualTo(oldest);
        assertThat(outbox.referrals().get(0).referral().overdue()).isTrue();
        assertThat(outbox.total()).isEqualTo(4);
        assertThat(queries.outbox(2).referrals()).extracting(entry -> entry.referral().referralId())
                .containsExactly(overdue, waiting);
        assertThat(queries.outbox(2).total()).as("the total counts what the page leaves out").isEqualTo(4);
    }

    @Test
    void theCaseloadListsOpenCasesFirstAndItsPagesReachEveryCase() {
        String oldestOpen = open(SurvivorRef.issue(), NOW.minus(Duration.ofDays(400)));
        List<String> closed = openMany(OLD_CAP + 100, NOW.minus(Duration.ofDays(300)));
        closed.forEach(this::close);
        String newestOpen = open(SurvivorRef.issue(), NOW.minus(Duration.ofDays(1)));

        assertThat(queries.caseload(0, 100)).extracting(SupportCaseView::caseId).startsWith(newestOpen, oldestOpen);
        assertThat(queries.count()).isEqualTo(OLD_CAP + 102);
        Set<String> listed = new HashSet<>();
        for (int page = 0; page * 100L < queries.count(); page++) {
            queries.caseload(page, 100).forEach(supportCase ->
                    assertThat(listed.add(supportCase.caseId())).as("listed once: %s", supportCase.caseId()).isTrue());
        }
        assertThat(listed).hasSize(OLD_CAP + 102).contains(oldestOpen, newestOpen).containsAll(closed);
        assertThat(queries.caseload(7, 100)).as("past the last page").isEmpty();
    }

    @Test
    void aSurvivorsCaseIsFoundHoweverOldAndHerNewestCaseWins() {
        SurvivorRef survivor = SurvivorRef.issue();
        String first = open(survivor, NOW.minus(Duration.ofDays(400)));
        openMany(OLD_CAP + 100, NOW.minus(Duration.ofDays(300)));
        assertThat(queries.caseIdFor(survivor)).contains(first);

        close(first);
        String second = open(survivor, NOW.minus(Duration.ofDays(2)));
        assertThat(queries.caseIdFor(survivor)).contains(second);
        assertThat(queries.caseIdFor(SurvivorRef.issue())).isEmpty();
    }

    private String open(SurvivorRef survivor, Instant openedAt) {
        String caseId = UUID.randomUUID().toString();
        projection.on(new SupportCaseOpenedEvent(caseId, survivor, AgencyId.ALERT, "coordinator", openedAt), next());
        return caseId;
    }

    /** {@code count} cases, a minute apart from {@code from}: all newer than the ones opened before. */
    private List<String> openMany(int count, Instant from) {
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opened.add(open(SurvivorRef.issue(), from.plus(Duration.ofMinutes(i))));
        }
        return opened;
    }

    private String refer(String caseId, Instant requestedAt) {
        String referralId = UUID.randomUUID().toString();
        projection.on(new ReferralRequestedEvent(caseId, referralId, SurvivorRef.issue(), AgencyId.ALERT, AgencyId.CEASE,
                SupportService.EXIT_SUPPORT, "cease-exit", ReferralUrgency.URGENT, "coordinator", requestedAt,
                requestedAt.plus(Duration.ofHours(24)), null, null, null), next());
        return referralId;
    }

    private void answer(String caseId, String referralId, ReferralStatus status) {
        projection.on(new OutgoingReferralStatusChangedEvent(caseId, referralId, SurvivorRef.issue(), AgencyId.ALERT,
                AgencyId.CEASE, status, null, ReferralSide.RECIPIENT, "cease-intake", NOW.minus(Duration.ofMinutes(5))),
                next());
    }

    private void close(String caseId) {
        projection.on(new SupportCaseClosedEvent(caseId, SurvivorRef.issue(), CaseClosureReason.GOALS_MET, "coordinator",
                NOW.minus(Duration.ofMinutes(1))), next());
    }

    /** One rising sequence for every case: each case document only needs its own events in rising order. */
    private long next() {
        return sequence++;
    }
}
