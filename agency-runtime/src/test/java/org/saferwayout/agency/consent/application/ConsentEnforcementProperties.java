package org.saferwayout.agency.consent.application;

import org.saferwayout.agency.keys.SurvivorDataVault;
import org.saferwayout.agency.testapp.TestVaults;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.consent.application.ConsentGate.SharingDecision;
import org.saferwayout.agency.testapp.InMemoryMongo;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.ConsentEvent;
import org.saferwayout.events.ConsentExpired;
import org.saferwayout.events.ConsentGiven;
import org.saferwayout.events.ConsentMethod;
import org.saferwayout.events.ConsentPurpose;
import org.saferwayout.events.ConsentSuperseded;
import org.saferwayout.events.ConsentWithdrawn;
import org.saferwayout.events.DataCategory;
import org.saferwayout.events.PersonalData;
import org.saferwayout.events.SupportService;
import org.saferwayout.events.SurvivorRef;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent is enforced end to end under any interleaving of consents given, withdrawn, expired and
 * superseded, referrals shared, purges and reads, across the four agencies simulated in one JVM: each agency
 * has its own registry and received-data store (its own in-memory MongoDB database), every registry is fed
 * the same consent events as the exchange would feed it, and time is a mutable clock.
 *
 * <p>The invariant, checked after every action against an independent oracle (a plain list of consents and
 * their states, not the registry): no agency stores (raw MongoDB document) or serves ({@code readable}) a
 * field of a category that a given, in-period consent for that agency, survivor and purpose does not cover
 * at that moment, and nothing leaves a sharing agency that such a consent does not cover. With every check
 * in place the system also matches the oracle exactly, so nothing covered is lost either.
 *
 * <p>The examples at the end bypass the gate, the recipient's check or the purge, and show the same checker
 * catching each: the invariant has teeth.
 */
class ConsentEnforcementProperties {

    private static final List<AgencyId> AGENCIES = List.of(AgencyId.values());
    private static final int SURVIVORS = 3;
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final List<SupportService> SERVICES =
            List.of(SupportService.SAFE_LODGING, SupportService.EXIT_SUPPORT, SupportService.MENTAL_HEALTH_RESOURCES);
    private static final List<ConsentPurpose> PURPOSES = SERVICES.stream().map(ConsentPurpose::servedBy).toList();
    private static final Set<DataCategory> DATA_CATEGORIES = EnumSet.of(DataCategory.IDENTITY, DataCategory.CONTACT,
            DataCategory.SAFETY_PLAN, DataCategory.HEALTH, DataCategory.LEGAL);
    /** Which category each stored field belongs to: the oracle's own table, not the production code's. */
    private static final Map<String, DataCategory> CATEGORY_OF_FIELD = Map.of(
            "name", DataCategory.IDENTITY, "dateOfBirth", DataCategory.IDENTITY, "contact", DataCategory.CONTACT,
            "safetyPlanSummary", DataCategory.SAFETY_PLAN, "health", DataCategory.HEALTH, "legal", DataCategory.LEGAL);
    private static final Set<String> BOOKKEEPING = Set.of("_id", "survivorRef", "coveringAgency", "purpose");

    private static InMemoryMongo mongo;

    @BeforeContainer
    static void startMongo() {
        mongo = InMemoryMongo.start();
    }

    @AfterContainer
    static void stopMongo() {
        mongo.close();
    }

    // ---------------------------------------------------------------------------------------------- properties

    @Property(tries = 200)
    void noAgencyStoresServesOrReceivesDataNoConsentCovers(@ForAll("actions") List<Action> actions) {
        try (Network network = new Network(Mode.ENFORCED)) {
            network.run(actions);
            Statistics.label("referrals with data kept").collect(network.stores > 0);
            Statistics.label("data purged at a consent's end").collect(network.purgedOnEnd > 0);
            Statistics.label("actions").collect(actions.size() < 10 ? "<10" : actions.size() < 25 ? "10-24" : "25-40");
            assertThat(network.violations).as("violations after %s", actions).isEmpty();
        }
    }

    /** The checker is not vacuous: whenever a bypassed network shares an uncovered category, it is reported. */
    @Property(tries = 50)
    void everyUncoveredShareIsReportedWhenTheGateAndTheRecipientsCheckAreBypassed(
            @ForAll("actions") List<Action> actions) {
        try (Network network = new Network(Mode.GATE_AND_RECIPIENT_CHECK_BYPASSED)) {
            network.run(actions);
            Statistics.label("shared an uncovered category").collect(network.uncoveredOffers > 0);
            if (network.uncoveredOffers > 0) {
                assertThat(network.violationKinds()).contains(Violation.Kind.PUBLISHED_UNCOVERED,
                        Violation.Kind.STORED_UNCOVERED);
            } else {
                assertThat(network.violations).isEmpty();
            }
        }
    }

    // ---------------------------------------------------------------------------------------- teeth (examples)

    /** Survivor 0's referral from ALERT to CEASE for exit support, offering identity and contact. */
    private static final Share SHARE_IDENTITY_AND_CONTACT = new Share(0, 0, 1, 1,
            EnumSet.of(DataCategory.IDENTITY, DataCategory.CONTACT), -1);
    /** A consent of survivor 0, recorded by REACH, for CEASE to receive identity for exit support, now to +30 min. */
    private static final Record CONSENT_IDENTITY_FOR_CEASE = new Record(0, 3, 1, Set.of(ConsentPurpose.EXIT_SUPPORT),
            Set.of(DataCategory.IDENTITY), 0, 30, false);

    @Example
    void withTheGateInPlaceTheScenariosBelowViolateNothing() {
        for (List<Action> scenario : List.of(
                List.<Action>of(SHARE_IDENTITY_AND_CONTACT, new Read(0)),
                List.<Action>of(CONSENT_IDENTITY_FOR_CEASE, SHARE_IDENTITY_AND_CONTACT, new Read(0)),
                List.<Action>of(CONSENT_IDENTITY_FOR_CEASE, SHARE_IDENTITY_AND_CONTACT, new Withdraw(0), new Read(0)),
                List.<Action>of(CONSENT_IDENTITY_FOR_CEASE, SHARE_IDENTITY_AND_CONTACT, new Advance(31), new Read(0)))) {
            try (Network network = new Network(Mode.ENFORCED)) {
                network.run(scenario);
                assertThat(network.violations).as("scenario %s", scenario).isEmpty();
                assertThat(network.stores).isLessThanOrEqualTo(1);
            }
        }
    }

    @Example
    void publishingWhatWasOfferedInsteadOfWhatTheGateReleasedIsCaught() {
        try (Network network = new Network(Mode.GATE_BYPASSED)) {
            network.run(List.<Action>of(SHARE_IDENTITY_AND_CONTACT, new Read(0)));
            // The uncovered data left ALERT...
            assertThat(network.violationKinds()).containsExactly(Violation.Kind.PUBLISHED_UNCOVERED);
            // ...but CEASE's own check kept it out of its store: defence in depth.
            assertThat(network.rawDocuments(AgencyId.CEASE)).isEmpty();
        }
    }

    @Example
    void storingWithoutTheRecipientsRegistryCheckIsCaught() {
        try (Network network = new Network(Mode.GATE_AND_RECIPIENT_CHECK_BYPASSED)) {
            network.run(List.<Action>of(CONSENT_IDENTITY_FOR_CEASE, SHARE_IDENTITY_AND_CONTACT, new Read(0)));
            assertThat(network.violationKinds())
                    .contains(Violation.Kind.PUBLISHED_UNCOVERED, Violation.Kind.STORED_UNCOVERED)
                    // readable() still filters by consent, so nothing uncovered is served.
                    .doesNotContain(Violation.Kind.SERVED_UNCOVERED);
            assertThat(network.violations).anyMatch(v -> v.kind() == Violation.Kind.STORED_UNCOVERED
                    && v.detail().contains("contact"));
        }
    }

    @Example
    void keepingDataAfterTheConsentIsWithdrawnIsCaught() {
        try (Network network = new Network(Mode.NO_PURGE_ON_CONSENT_END)) {
            network.run(List.<Action>of(CONSENT_IDENTITY_FOR_CEASE, SHARE_IDENTITY_AND_CONTACT, new Withdraw(0)));
            assertThat(network.violationKinds()).containsExactly(Violation.Kind.STORED_UNCOVERED);
        }
    }

    @Example
    void keepingDataAfterTheConsentExpiresIsCaught() {
        try (Network network = new Network(Mode.NO_PURGE_ON_CONSENT_END)) {
            network.run(List.<Action>of(CONSENT_IDENTITY_FOR_CEASE, SHARE_IDENTITY_AND_CONTACT, new Advance(30)));
            assertThat(network.violationKinds()).containsExactly(Violation.Kind.STORED_UNCOVERED);
        }
    }

    @Example
    void aSeededRandomRunOfTheBypassedNetworkIsCaught() {
        // The same generator as the property, deterministic: a fixed seed, the first 20 sequences.
        List<List<Action>> runs = actions().generator(1000).stream(new java.util.Random(20250301L))
                .limit(20).map(shrinkable -> shrinkable.value()).toList();
        int caught = 0;
        for (List<Action> actions : runs) {
            try (Network network = new Network(Mode.GATE_AND_RECIPIENT_CHECK_BYPASSED)) {
                network.run(actions);
                if (!network.violations.isEmpty()) {
                    caught++;
                }
            }
        }
        assertThat(caught).as("bypassed runs caught out of %s", runs.size()).isPositive();
    }

    // ------------------------------------------------------------------------------------------- generators

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> survivor = Arbitraries.integers().between(0, SURVIVORS - 1);
        Arbitrary<Integer> agency = Arbitraries.integers().between(0, AGENCIES.size() - 1);
        Arbitrary<Action> record = Combinators.combine(survivor, agency, agency,
                        Arbitraries.of(PURPOSES).set().ofMinSize(1),
                        Arbitraries.of(DataCategory.class).set().ofMinSize(1),
                        Arbitraries.integers().between(-10, 5), Arbitraries.integers().between(1, 40),
                        Arbitraries.of(true, false))
                .as(Record::new);
        Arbitrary<Action> withdraw = Arbitraries.integers().between(0, 50).map(Withdraw::new);
        Arbitrary<Action> advance = Arbitraries.integers().between(0, 20).map(Advance::new);
        // Most shares are aimed at the scope of a consent recorded earlier (else few would ever be covered).
        Arbitrary<Integer> aim = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(-1)),
                Tuple.of(3, Arbitraries.integers().between(0, 50)));
        Arbitrary<Action> share = Combinators.combine(survivor, agency, agency,
                        Arbitraries.integers().between(0, SERVICES.size() - 1),
                        Arbitraries.of(DATA_CATEGORIES).set().ofMinSize(1), aim)
                .as(Share::new);
        Arbitrary<Action> purge = Combinators.combine(agency, survivor).as(Purge::new);
        Arbitrary<Action> read = Arbitraries.integers().between(0, 50).map(Read::new);
        return Arbitraries.frequencyOf(
                        Tuple.of(4, record), Tuple.of(2, withdraw), Tuple.of(3, advance),
                        Tuple.of(5, share), Tuple.of(1, purge), Tuple.of(2, read))
                .list().ofMinSize(5).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform());
    }

    // ----------------------------------------------------------------------------------------------- actions

    sealed interface Action permits Record, Withdraw, Advance, Share, Purge, Read {
    }

    /** A consent given now, starting {@code startOffset} minutes from now and lasting {@code length} minutes. */
    record Record(int survivor, int recorder, int grantee, Set<ConsentPurpose> purposes, Set<DataCategory> categories,
                  int startOffset, int length, boolean supersedesTheCurrentOne) implements Action {
    }

    /** Withdraw the {@code pick}-th consent ever recorded (refused, as the aggregate would, unless given). */
    record Withdraw(int pick) implements Action {
    }

    /** Time passes; consents whose period ends meanwhile expire at their end, as their deadlines fire. */
    record Advance(int minutes) implements Action {
    }

    /**
     * A referral with personal data of the offered categories, from one agency to another; when {@code aim} is
     * not negative and consents exist, its survivor, recipient and purpose are those of the {@code aim}-th
     * consent recorded (whatever that consent's state now).
     */
    record Share(int survivor, int sender, int recipient, int service, Set<DataCategory> offered, int aim)
            implements Action {
    }

    /** A consent-ended purge at one agency, as a redelivered consent event would run it again. */
    record Purge(int agency, int survivor) implements Action {
    }

    /** The recipient reads the {@code pick}-th referral shared so far. */
    record Read(int pick) implements Action {
    }

    // ----------------------------------------------------------------------------------------------- oracle

    enum State { GIVEN, WITHDRAWN, EXPIRED, SUPERSEDED }

    /** The oracle's consent: plain fields, no MongoDB. */
    static final class OracleConsent {
        final ConsentGiven given;
        State state = State.GIVEN;

        OracleConsent(ConsentGiven given) {
            this.given = given;
        }

        boolean covers(SurvivorRef survivor, AgencyId grantee, ConsentPurpose purpose, Instant at) {
            return state == State.GIVEN && given.survivorRef().equals(survivor) && given.recipientAgency() == grantee
                    && given.purposes().contains(purpose)
                    && !at.isBefore(given.validFrom()) && at.isBefore(given.validUntil());
        }
    }

    /** What a correct agency holds for one referral, per the oracle. */
    record ModelDocument(SurvivorRef survivor, ConsentPurpose purpose, Map<String, String> fields) {
    }

    record Violation(Kind kind, String detail) {
        enum Kind { PUBLISHED_UNCOVERED, STORED_UNCOVERED, SERVED_UNCOVERED, UNKNOWN_FIELD, MODEL_MISMATCH }
    }

    /** Which of the network's safeguards are in place. */
    enum Mode {
        ENFORCED(true, true, true),
        /** The sharer publishes what was offered, not {@code decision.released()}. */
        GATE_BYPASSED(false, true, true),
        /** ... and the recipient stores what it received without asking its registry. */
        GATE_AND_RECIPIENT_CHECK_BYPASSED(false, false, true),
        /** The recipient does not purge when a consent addressed to it ends. */
        NO_PURGE_ON_CONSENT_END(true, true, false);

        final boolean gate;
        final boolean recipientCheck;
        final boolean purgeOnEnd;

        Mode(boolean gate, boolean recipientCheck, boolean purgeOnEnd) {
            this.gate = gate;
            this.recipientCheck = recipientCheck;
            this.purgeOnEnd = purgeOnEnd;
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** One agency of the simulated network. */
    record Agency(AgencyId id, MongoDatabase database, ConsentRegistry registry, ConsentGate gate,
                  ReceivedPersonalData received, SurvivorDataVault vault) {

        MongoCollection<Document> receivedCollection() {
            return database.getCollection(ReceivedPersonalData.COLLECTION);
        }
    }

    record Shared(String referralId, AgencyId recipient) {
    }

    // ---------------------------------------------------------------------------------------------- network

    static final class Network implements AutoCloseable {

        final Mode mode;
        final MutableClock clock = new MutableClock(START);
        final Map<AgencyId, Agency> agencies = new EnumMap<>(AgencyId.class);
        final List<SurvivorRef> survivors = new ArrayList<>();
        final List<OracleConsent> consents = new ArrayList<>();
        final Map<AgencyId, Map<String, ModelDocument>> model = new EnumMap<>(AgencyId.class);
        final List<Shared> shared = new ArrayList<>();
        final List<Violation> violations = new ArrayList<>();
        int stores;
        int purgedOnEnd;
        int uncoveredOffers;
        private int markers;

        Network(Mode mode) {
            this.mode = mode;
            for (AgencyId id : AGENCIES) {
                MongoDatabase database = mongo.freshDatabase();
                ConsentRegistry registry = new ConsentRegistry(database);
                SurvivorDataVault vault = TestVaults.vault(id);
                agencies.put(id, new Agency(id, database, registry, new ConsentGate(registry, recipient -> true),
                        new ReceivedPersonalData(database, registry, new AgencyProperties(id), vault), vault));
                model.put(id, new LinkedHashMap<>());
            }
            for (int i = 0; i < SURVIVORS; i++) {
                survivors.add(SurvivorRef.issue());
            }
        }

        void run(List<Action> actions) {
            for (Action action : actions) {
                apply(action);
                checkEverything(action);
            }
        }

        private Instant now() {
            return clock.instant();
        }

        // ---- the system, as the runtime's components wire it

        private void apply(Action action) {
            if (action instanceof Record record) {
                record(record);
            } else if (action instanceof Withdraw withdraw) {
                withdraw(withdraw);
            } else if (action instanceof Advance advance) {
                advance(advance);
            } else if (action instanceof Share share) {
                share(share);
            } else if (action instanceof Purge purge) {
                SurvivorRef survivor = survivors.get(purge.survivor());
                AgencyId agency = AGENCIES.get(purge.agency());
                agencies.get(agency).received().purgeUncovered(survivor, now());
                modelPurge(agency, survivor);
            } else if (action instanceof Read read) {
                read(read);
            }
        }

        private void record(Record record) {
            AgencyId grantee = AGENCIES.get(record.grantee());
            AgencyId recorder = AGENCIES.get(record.recorder());
            if (recorder == grantee) {
                recorder = AGENCIES.get((record.recorder() + 1) % AGENCIES.size());
            }
            SurvivorRef survivor = survivors.get(record.survivor());
            Instant from = now().plus(Duration.ofMinutes(record.startOffset()));
            Instant until = (from.isAfter(now()) ? from : now()).plus(Duration.ofMinutes(record.length()));
            OracleConsent current = record.supersedesTheCurrentOne() ? consents.stream()
                    .filter(c -> c.state == State.GIVEN && c.given.survivorRef().equals(survivor)
                            && c.given.recipientAgency() == grantee)
                    .reduce((first, second) -> second).orElse(null) : null;
            String consentId = UUID.randomUUID().toString();
            ConsentGiven given = new ConsentGiven(UUID.randomUUID(), consentId, survivor, recorder, grantee,
                    record.purposes(), record.categories(), from, until, ConsentMethod.WRITTEN, "en", "staff",
                    current == null ? null : current.given.consentId(), now());
            publish(given);
            consents.add(new OracleConsent(given));
            if (current != null) {
                // The recording agency's lifecycle supersedes the consent the new one names.
                end(current, State.SUPERSEDED, new ConsentSuperseded(UUID.randomUUID(), current.given.consentId(),
                        survivor, current.given.sourceAgency(), grantee, consentId, now()));
            }
        }

        private void withdraw(Withdraw withdraw) {
            if (consents.isEmpty()) {
                return;
            }
            OracleConsent consent = consents.get(withdraw.pick() % consents.size());
            if (consent.state != State.GIVEN || !now().isBefore(consent.given.validUntil())) {
                return; // refused by the aggregate: nothing published
            }
            ConsentGiven given = consent.given;
            end(consent, State.WITHDRAWN, new ConsentWithdrawn(UUID.randomUUID(), given.consentId(),
                    given.survivorRef(), given.sourceAgency(), given.recipientAgency(), "staff", now()));
        }

        private void advance(Advance advance) {
            Instant target = now().plus(Duration.ofMinutes(advance.minutes()));
            List<OracleConsent> ending = consents.stream()
                    .filter(c -> c.state == State.GIVEN && !c.given.validUntil().isAfter(target))
                    .sorted(Comparator.comparing(c -> c.given.validUntil()))
                    .toList();
            for (OracleConsent consent : ending) {
                ConsentGiven given = consent.given;
                if (given.validUntil().isAfter(now())) {
                    clock.set(given.validUntil());
                }
                // The expiry deadline fires at the end of the period.
                end(consent, State.EXPIRED, new ConsentExpired(UUID.randomUUID(), given.consentId(),
                        given.survivorRef(), given.sourceAgency(), given.recipientAgency(), given.validUntil()));
            }
            clock.set(target);
        }

        /** A consent event reaches every agency's registry through the exchange. */
        private void publish(ConsentEvent event) {
            agencies.values().forEach(agency -> agency.registry().apply(event));
        }

        /** An end reaches every registry; the grantee's intake then purges what it no longer covers. */
        private void end(OracleConsent consent, State state, ConsentEvent event) {
            publish(event);
            consent.state = state;
            AgencyId grantee = consent.given.recipientAgency();
            if (mode.purgeOnEnd) {
                agencies.get(grantee).received().purgeUncovered(event.survivorRef(), now());
            }
            int before = model.get(grantee).size();
            modelPurge(grantee, event.survivorRef());
            purgedOnEnd += before - model.get(grantee).size();
        }

        private void share(Share share) {
            SurvivorRef survivor = survivors.get(share.survivor());
            AgencyId recipient = AGENCIES.get(share.recipient());
            ConsentPurpose purpose = PURPOSES.get(share.service());
            if (share.aim() >= 0 && !consents.isEmpty()) {
                ConsentGiven aimed = consents.get(share.aim() % consents.size()).given;
                survivor = aimed.survivorRef();
                recipient = aimed.recipientAgency();
                List<ConsentPurpose> purposes = aimed.purposes().stream().sorted().toList();
                purpose = purposes.get(share.service() % purposes.size());
            }
            AgencyId sender = AGENCIES.get(share.sender());
            if (recipient == sender) {
                sender = AGENCIES.get((share.sender() + 1) % AGENCIES.size());
            }
            String referralId = UUID.randomUUID().toString();
            Map<String, String> offeredFields = offered(share.offered());
            PersonalData offered = toPersonalData(offeredFields);
            Set<DataCategory> covered = oracleCoverage(survivor, recipient, purpose, now());
            if (!covered.containsAll(share.offered())) {
                uncoveredOffers++;
            }

            SharingDecision decision = agencies.get(sender).gate().decide(survivor, recipient, purpose, offered, now());
            PersonalData published = mode.gate ? decision.released() : offered;
            checkPublished(referralId, published, covered, share.offered(), decision);

            Agency at = agencies.get(recipient);
            if (mode.recipientCheck) {
                at.received().store(referralId, survivor, purpose, published, now());
            } else {
                storeUnchecked(at, referralId, survivor, purpose, published);
            }
            shared.add(new Shared(referralId, recipient));

            Map<String, String> kept = new TreeMap<>();
            offeredFields.forEach((field, value) -> {
                if (covered.contains(CATEGORY_OF_FIELD.get(field))) {
                    kept.put(field, value);
                }
            });
            if (!kept.isEmpty()) {
                model.get(recipient).put(referralId, new ModelDocument(survivor, purpose, kept));
                stores++;
            }
        }

        private void read(Read read) {
            if (shared.isEmpty()) {
                return;
            }
            Shared referral = shared.get(read.pick() % shared.size());
            checkReadable(referral.recipient(), referral.referralId());
        }

        /** A recipient that stores what it received as it is, without asking its registry. */
        private static void storeUnchecked(Agency agency, String referralId, SurvivorRef survivor, ConsentPurpose purpose,
                                           PersonalData data) {
            List<Bson> updates = new ArrayList<>(List.of(Updates.set("survivorRef", survivor.value()),
                    Updates.set("purpose", purpose.name())));
            fieldsOf(data).forEach((field, value) -> updates.add(Updates.set(field, value)));
            if (updates.size() > 2) {
                agency.receivedCollection().updateOne(Filters.eq("_id", referralId), Updates.combine(updates),
                        new UpdateOptions().upsert(true));
            }
        }

        // ---- the oracle

        Set<DataCategory> oracleCoverage(SurvivorRef survivor, AgencyId grantee, ConsentPurpose purpose, Instant at) {
            Set<DataCategory> covered = EnumSet.noneOf(DataCategory.class);
            consents.stream().filter(c -> c.covers(survivor, grantee, purpose, at))
                    .forEach(c -> covered.addAll(c.given.categories()));
            return covered;
        }

        /** What a correct recipient keeps of the survivor's data after a consent of theirs ended. */
        private void modelPurge(AgencyId agency, SurvivorRef survivor) {
            model.get(agency).entrySet().removeIf(entry -> {
                ModelDocument doc = entry.getValue();
                if (!doc.survivor().equals(survivor)) {
                    return false;
                }
                Set<DataCategory> covered = oracleCoverage(survivor, agency, doc.purpose(), now());
                doc.fields().keySet().removeIf(field -> !covered.contains(CATEGORY_OF_FIELD.get(field)));
                return doc.fields().isEmpty();
            });
        }

        private Map<String, String> offered(Set<DataCategory> categories) {
            String marker = "M" + (++markers) + "-";
            Map<String, String> fields = new TreeMap<>();
            for (DataCategory category : categories) {
                switch (category) {
                    case IDENTITY -> {
                        fields.put("name", marker + "name");
                        fields.put("dateOfBirth", LocalDate.of(1980, 1, 1).plusDays(markers).toString());
                    }
                    case CONTACT -> fields.put("contact", marker + "contact");
                    case SAFETY_PLAN -> fields.put("safetyPlanSummary", marker + "plan");
                    case HEALTH -> fields.put("health", marker + "health");
                    case LEGAL -> fields.put("legal", marker + "legal");
                    case SERVICE_OUTCOME -> {
                    }
                }
            }
            return fields;
        }

        private static PersonalData toPersonalData(Map<String, String> fields) {
            String dateOfBirth = fields.get("dateOfBirth");
            return new PersonalData(fields.get("name"), dateOfBirth == null ? null : LocalDate.parse(dateOfBirth),
                    fields.get("contact"), fields.get("safetyPlanSummary"), fields.get("health"), fields.get("legal"));
        }

        private static Map<String, String> fieldsOf(PersonalData data) {
            Map<String, String> fields = new TreeMap<>();
            if (data == null) {
                return fields;
            }
            putIfPresent(fields, "name", data.name());
            putIfPresent(fields, "dateOfBirth", data.dateOfBirth() == null ? null : data.dateOfBirth().toString());
            putIfPresent(fields, "contact", data.contact());
            putIfPresent(fields, "safetyPlanSummary", data.safetyPlanSummary());
            putIfPresent(fields, "health", data.health());
            putIfPresent(fields, "legal", data.legal());
            return fields;
        }

        private static void putIfPresent(Map<String, String> fields, String field, String value) {
            if (value != null) {
                fields.put(field, value);
            }
        }

        // ---- the checks

        private void violation(Violation.Kind kind, String detail) {
            violations.add(new Violation(kind, detail + " at " + now()));
        }

        private void checkPublished(String referralId, PersonalData published, Set<DataCategory> covered,
                                    Set<DataCategory> offered, SharingDecision decision) {
            for (String field : fieldsOf(published).keySet()) {
                if (!covered.contains(CATEGORY_OF_FIELD.get(field))) {
                    violation(Violation.Kind.PUBLISHED_UNCOVERED, "referral " + referralId + " published " + field);
                }
            }
            if (mode.gate) {
                Set<DataCategory> expected = EnumSet.noneOf(DataCategory.class);
                expected.addAll(offered);
                expected.retainAll(covered);
                Set<DataCategory> withheld = EnumSet.noneOf(DataCategory.class);
                withheld.addAll(offered);
                withheld.removeAll(covered);
                if (!decision.releasedCategories().equals(expected) || !decision.withheldCategories().equals(withheld)
                        || (decision.consentId() == null) != expected.isEmpty()) {
                    violation(Violation.Kind.MODEL_MISMATCH, "decision " + decision + " expected released "
                            + expected + " withheld " + withheld);
                }
            }
        }

        List<Document> rawDocuments(AgencyId agency) {
            return agencies.get(agency).receivedCollection().find().into(new ArrayList<>());
        }

        private void checkEverything(Action after) {
            for (AgencyId agency : AGENCIES) {
                Map<String, Map<String, String>> stored = new TreeMap<>();
                for (Document doc : rawDocuments(agency)) {
                    String referralId = doc.getString("_id");
                    SurvivorRef survivor = new SurvivorRef(doc.getString("survivorRef"));
                    ConsentPurpose purpose = ConsentPurpose.valueOf(doc.getString("purpose"));
                    Set<DataCategory> covered = oracleCoverage(survivor, agency, purpose, now());
                    Map<String, String> fields = new TreeMap<>();
                    for (String field : doc.keySet()) {
                        if (BOOKKEEPING.contains(field)) {
                            continue;
                        }
                        if (!CATEGORY_OF_FIELD.containsKey(field)) {
                            violation(Violation.Kind.UNKNOWN_FIELD, agency + " stores field " + field);
                        } else if (!covered.contains(CATEGORY_OF_FIELD.get(field))) {
                            violation(Violation.Kind.STORED_UNCOVERED, agency + " stores " + field + " of referral "
                                    + referralId + " after " + after);
                        }
                        // Stored sealed under her key (ADR 011); what is there is what the agency's vault opens.
                        fields.put(field, agencies.get(agency).vault().openText(survivor, String.valueOf(doc.get(field)),
                                ReceivedPersonalData.COLLECTION + "." + field));
                    }
                    stored.put(referralId, fields);
                    checkReadable(agency, referralId);
                }
                if (mode == Mode.ENFORCED) {
                    Map<String, Map<String, String>> expected = new TreeMap<>();
                    model.get(agency).forEach((id, doc) -> expected.put(id, new TreeMap<>(doc.fields())));
                    if (!stored.equals(expected)) {
                        violation(Violation.Kind.MODEL_MISMATCH, agency + " stores " + stored.keySet().size()
                                + " referrals " + describe(stored) + " where the oracle keeps " + describe(expected)
                                + " after " + after);
                    }
                }
            }
        }

        private void checkReadable(AgencyId agency, String referralId) {
            Map<String, String> served = fieldsOf(agencies.get(agency).received().readable(referralId, now()));
            ModelDocument modelled = model.get(agency).get(referralId);
            Document doc = agencies.get(agency).receivedCollection().find(Filters.eq("_id", referralId)).first();
            if (doc == null) {
                if (!served.isEmpty()) {
                    violation(Violation.Kind.SERVED_UNCOVERED, agency + " serves data of a deleted referral");
                }
                return;
            }
            Set<DataCategory> covered = oracleCoverage(new SurvivorRef(doc.getString("survivorRef")), agency,
                    ConsentPurpose.valueOf(doc.getString("purpose")), now());
            for (String field : served.keySet()) {
                if (!covered.contains(CATEGORY_OF_FIELD.get(field))) {
                    violation(Violation.Kind.SERVED_UNCOVERED, agency + " serves " + field + " of " + referralId);
                }
            }
            if (mode == Mode.ENFORCED) {
                Map<String, String> expected = modelled == null ? Map.of() : modelled.fields();
                if (!served.equals(expected)) {
                    violation(Violation.Kind.MODEL_MISMATCH, agency + " serves " + served.keySet() + " of "
                            + referralId + " where the oracle serves " + expected.keySet());
                }
            }
        }

        /** Field names per referral: values are test markers, but names suffice to read a failure. */
        private static String describe(Map<String, Map<String, String>> documents) {
            Map<String, Set<String>> names = new TreeMap<>();
            documents.forEach((id, fields) -> names.put(id.substring(0, 8), fields.keySet()));
            return names.toString();
        }

        Set<Violation.Kind> violationKinds() {
            Set<Violation.Kind> kinds = EnumSet.noneOf(Violation.Kind.class);
            violations.forEach(v -> kinds.add(v.kind()));
            return kinds;
        }

        @Override
        public void close() {
            agencies.values().forEach(agency -> agency.database().drop());
        }
    }
}
