package org.saferwayout.network.tests;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.eventhandling.EventBus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.saferwayout.events.IntegrationEvent;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries between agencies, stated as rules over the compiled code of every module. */
class ArchitectureTest {

    private static final List<String> SERVICE_PACKAGES = List.of(
            "org.saferwayout.alert", "org.saferwayout.cease", "org.saferwayout.catholicsocialservices",
            "org.saferwayout.reach");

    private static JavaClasses network;

    @BeforeAll
    static void importNetwork() {
        network = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.saferwayout");
    }

    @Test
    void noServiceModuleDependsOnAnotherServiceModule() {
        for (String service : SERVICE_PACKAGES) {
            String[] others = SERVICE_PACKAGES.stream().filter(other -> !other.equals(service))
                    .map(other -> other + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("agencies are coupled only through the exchange")
                    .check(network);
        }
    }

    @Test
    void nothingSharedDependsOnAnAgencyService() {
        String[] services = SERVICE_PACKAGES.stream().map(service -> service + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage("org.saferwayout.events..", "org.saferwayout.agency..")
                .should().dependOnClassesThat().resideInAnyPackage(services)
                .check(network);
    }

    @Test
    void onlySharedEventsTypesCanCrossAgencies() {
        ArchRule integrationEventsLiveInSharedEvents = classes().that().implement(IntegrationEvent.class)
                .should().resideInAPackage("org.saferwayout.events")
                .because("only the published contract may be put on the exchange");
        integrationEventsLiveInSharedEvents.check(network);
    }

    @Test
    void onlyTheExchangePackageAppendsToAnEventBusDirectly() {
        DescribedPredicate<JavaMethodCall> publishOnAnEventBus = new DescribedPredicate<>("publish on an EventBus") {
            @Override
            public boolean test(JavaMethodCall call) {
                return call.getName().equals("publish") && call.getTargetOwner().isAssignableTo(EventBus.class);
            }
        };
        noClasses().that().resideOutsideOfPackage("org.saferwayout.agency.exchange..")
                .should().callMethodWhere(publishOnAnEventBus)
                .because("ExchangePublisher is the one way onto the exchange")
                .check(network);
    }

    @Test
    void theSharedContractDependsOnNothingButTheJdkJacksonAnnotationsAndAxonRevisions() {
        classes().that().resideInAPackage("org.saferwayout.events..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.saferwayout.events..",
                        "com.fasterxml.jackson.annotation..", "org.axonframework.serialization..")
                .check(network);
    }

    @Test
    void domainModelsImportNoSpringWebOrPersistence() {
        noClasses().that().resideInAPackage("org.saferwayout.agency..model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                        "org.springframework.jdbc..", "com.mongodb..", "jakarta.servlet..")
                .check(network);
    }

    /** ALERT's investigative material can never reach the exchange: not by type, not by any call path. */
    @Test
    void investigationCodeIsUnreachableFromEveryPublisherAndCannotNameTheExchange() {
        noClasses().that().resideInAPackage("org.saferwayout.alert.investigation..")
                .should().dependOnClassesThat().resideInAnyPackage("org.saferwayout.events..",
                        "org.saferwayout.agency.exchange..", "org.saferwayout.agency.consent..",
                        "org.saferwayout.agency.referral..", "org.saferwayout.agency.supportcase..")
                .because("investigative material must not be expressible in anything that crosses agencies")
                .check(network);
        noClasses().that().resideOutsideOfPackage("org.saferwayout.alert.investigation..")
                .should().transitivelyDependOnClassesThat().resideInAPackage("org.saferwayout.alert.investigation..")
                .because("nothing outside the investigation, publishers included, may reach it")
                .check(network);
    }
}
