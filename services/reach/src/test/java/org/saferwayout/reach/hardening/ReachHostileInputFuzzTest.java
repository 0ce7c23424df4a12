package org.saferwayout.reach.hardening;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.saferwayout.agency.eventstore.JdbcExchange;
import org.saferwayout.agency.security.AgencyRoles;
import org.saferwayout.agency.testapp.EventStoreRows;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.agency.testapp.hostile.ApiOperation;
import org.saferwayout.agency.testapp.hostile.ApiOperations;
import org.saferwayout.agency.testapp.hostile.FuzzBudget;
import org.saferwayout.agency.testapp.hostile.HostileInput;
import org.saferwayout.agency.testapp.hostile.HostileInputFuzzer;
import org.saferwayout.agency.testapp.hostile.HostileInputs;
import org.saferwayout.reach.testapp.ReachServiceTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The runtime's hostile-input fuzzing (issue 9, deliverable 3) against REACH as it runs: its own endpoints
 * (the HSDS directory, the outcome report) besides the runtime's, all from its OpenAPI document.
 * Budget and seed: {@code -Dswo.fuzz.tries=10000 -Dswo.fuzz.seed=...}.
 */
@ReachServiceTest
class ReachHostileInputFuzzTest {

    private static final TestContextManager SPRING = new TestContextManager(ReachHostileInputFuzzTest.class);
    private static final String[] EVERY_ROLE = {AgencyRoles.SAFETY_NETWORK_COORDINATOR, AgencyRoles.INTAKE_WORKER,
            AgencyRoles.SUPERVISOR, AgencyRoles.AUDITOR, AgencyRoles.PRIVACY_OFFICER, AgencyRoles.AGENCY_SYSTEM};

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private DataSource privateDataSource;
    @Autowired
    private JdbcExchange jdbcExchange;
    @Autowired
    private MongoDatabase readModels;

    private HostileInputFuzzer fuzzer;

    @BeforeProperty
    void startTheService() throws Exception {
        SPRING.prepareTestInstance(this);
        String openApi = mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString();
        fuzzer = new HostileInputFuzzer(mvc, ApiOperations.from(json.readTree(openApi)),
                Tokens.of("reach", EVERY_ROLE), new EventStoreRows(privateDataSource, jdbcExchange), readModels);
        assertThat(fuzzer.operations()).extracting(ApiOperation::pathTemplate)
                .as("REACH's own endpoints are in its OpenAPI document")
                .contains("/services", "/organizations/{id}", "/api/reports/outcomes");
    }

    @Property(shrinking = ShrinkingMode.BOUNDED)
    @AddLifecycleHook(FuzzBudget.class)
    void noHostileInputGetsA5xxALeakOrAWrite(@ForAll("hostileInputs") HostileInput input) {
        fuzzer.sendToEveryOperation(input);
    }

    @AfterProperty
    void everyOperationWasFuzzedAsOftenAsThereWereTries() {
        System.out.println(fuzzer.summary());
        if (!fuzzer.foundAnything()) {
            assertThat(fuzzer.fewestRequestsToAnOperation()).isGreaterThanOrEqualTo(FuzzBudget.tries());
        }
    }

    @Provide
    Arbitrary<HostileInput> hostileInputs() {
        return HostileInputs.all();
    }
}
