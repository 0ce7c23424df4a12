package org.saferwayout.agency.testapp.hostile;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.web.servlet.MockMvc;

import javax.sql.DataSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The fuzz property every service runs (issue 9, deliverable 3; ADR 017): jqwik generates hostile inputs and
 * each is sent to every operation of the service's own OpenAPI document (and the open actuator endpoints) with
 * a token of this agency holding every role, so every operation gets exactly as many requests as there are
 * tries. A subclass names its Spring test configuration (an annotation) and its agency.
 * Budget and seed: {@code -Dswo.fuzz.tries=10000 -Dswo.fuzz.seed=...} ({@link FuzzBudget}).
 */
public abstract class HostileInputFuzzing {

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

    /** The agency code whose staff token the fuzzer sends. */
    protected abstract String agency();

    /** What the service's document must at least hold, so an empty or wrong document cannot pass. */
    protected abstract void expectOperations(List<ApiOperation> operations);

    @BeforeProperty
    void startTheService() throws Exception {
        // jqwik runs beside Jupiter: the Spring test context (cached, shared with the Jupiter tests) by hand.
        new TestContextManager(getClass()).prepareTestInstance(this);
        String openApi = mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString();
        fuzzer = new HostileInputFuzzer(mvc, ApiOperations.from(json.readTree(openApi)),
                Tokens.of(agency(), EVERY_ROLE), new EventStoreRows(privateDataSource, jdbcExchange), readModels);
        expectOperations(fuzzer.operations());
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
