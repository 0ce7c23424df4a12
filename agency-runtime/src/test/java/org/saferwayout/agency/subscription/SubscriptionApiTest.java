package org.saferwayout.agency.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.Tokens;
import org.saferwayout.events.AgencyId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/** The subscription API of this runtime (as ALERT): registration, validation, and nothing of another agency's. */
@AgencyRuntimeTest
class SubscriptionApiTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private WebhookSubscriptions subscriptions;

    private static RequestPostProcessor alertSystem() {
        return Tokens.forSubject("alert-system", "alert", "AGENCY_SYSTEM");
    }

    private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    private JsonNode body(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString(StandardCharsets.UTF_8));
    }

    private static MockHttpServletRequestBuilder postJson(String uri, String body) {
        return post(uri).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private int subscriptionCount() throws Exception {
        return body(perform(get("/api/subscriptions").with(alertSystem()))).get("subscriptions").size();
    }

    @Test
    void aSystemRegistersAWebhookAndSeesItsSecretOnlyOnce() throws Exception {
        MockHttpServletResponse created = perform(postJson("/api/subscriptions",
                "{\"callbackUrl\":\"https://127.0.0.1:19998/hooks?x=1\",\"eventTypes\":"
                        + "[\"org.saferwayout.referral.requested\",\"org.saferwayout.consent.withdrawn\"]}")
                .with(alertSystem()));
        assertThat(created.getStatus()).as(created.getContentAsString()).isEqualTo(201);
        JsonNode registered = body(created);
        String id = registered.get("subscriptionId").asText();
        String secret = registered.get("signingSecret").asText();
        assertThat(created.getHeader("Location")).isEqualTo("/api/subscriptions/" + id);
        assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
        assertThat(registered.get("eventTypes")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                "org.saferwayout.referral.requested", "org.saferwayout.consent.withdrawn");

        MockHttpServletResponse one = perform(get("/api/subscriptions/{id}", id).with(alertSystem()));
        assertThat(one.getStatus()).isEqualTo(200);
        assertThat(body(one).get("callbackUrl").asText()).isEqualTo("https://127.0.0.1:19998/hooks?x=1");
        assertThat(body(one).get("registeredBy").asText()).isEqualTo("alert-system");
        MockHttpServletResponse all = perform(get("/api/subscriptions").with(alertSystem()));
        assertThat(one.getContentAsString() + all.getContentAsString()).doesNotContain(secret)
                .doesNotContain(secret.substring(6));

        MockHttpServletResponse changed = perform(put("/api/subscriptions/{id}", id).with(alertSystem())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"callbackUrl\":\"http://127.0.0.1:19999/hooks\",\"eventTypes\":[]}"));
        assertThat(changed.getStatus()).isEqualTo(200);
        assertThat(body(changed).get("callbackUrl").asText()).isEqualTo("http://127.0.0.1:19999/hooks");
        assertThat(body(changed).get("eventTypes")).isEmpty();

        assertThat(perform(delete("/api/subscriptions/{id}", id).with(alertSystem())).getStatus()).isEqualTo(204);
        assertThat(perform(get("/api/subscriptions/{id}", id).with(alertSystem())).getStatus()).isEqualTo(404);
        assertThat(perform(delete("/api/subscriptions/{id}", id).with(alertSystem())).getStatus()).isEqualTo(404);
    }

    @Test
    void aSupervisorMayRegisterButNotAnIntakeWorkerNorAnotherAgencysSystemNorAnyoneWithoutAToken() throws Exception {
        String form = "{\"callbackUrl\":\"https://127.0.0.1:19998/hooks\",\"eventTypes\":[]}";
        MockHttpServletResponse supervisor = perform(postJson("/api/subscriptions", form)
                .with(Tokens.of("alert", "SUPERVISOR")));
        assertThat(supervisor.getStatus()).isEqualTo(201);
        perform(delete("/api/subscriptions/{id}", body(supervisor).get("subscriptionId").asText()).with(alertSystem()));

        int before = subscriptionCount();
        for (RequestPostProcessor caller : new RequestPostProcessor[]{Tokens.of("alert", "INTAKE_WORKER"),
                Tokens.of("alert", "SAFETY_NETWORK_COORDINATOR"), Tokens.of("alert", "AUDITOR"),
                Tokens.forSubject("cease-system", "cease", "AGENCY_SYSTEM")}) {
            MockHttpServletResponse refused = perform(postJson("/api/subscriptions", form).with(caller));
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(perform(get("/api/subscriptions").with(caller)).getStatus()).isEqualTo(403);
        }
        assertThat(perform(postJson("/api/subscriptions", form)).getStatus()).isEqualTo(401);
        assertThat(subscriptionCount()).isEqualTo(before);
    }

    @Test
    void anUnusableCallbackOrFilterIsRefusedAsProblemDetailsNamingTheFieldAndNothingIsStored() throws Exception {
        int before = subscriptionCount();
        String[][] cases = {
                {"{\"callbackUrl\":\"ftp://127.0.0.1/hooks\",\"eventTypes\":[]}", "callbackUrl"},
                {"{\"callbackUrl\":\"https://user:password@127.0.0.1:19998/hooks\",\"eventTypes\":[]}", "callbackUrl"},
                {"{\"callbackUrl\":\"/hooks\",\"eventTypes\":[]}", "callbackUrl"},
                {"{\"callbackUrl\":\"https://127.0.0.1:19998/hooks#frag\",\"eventTypes\":[]}", "callbackUrl"},
                {"{\"callbackUrl\":\"not a url at all\",\"eventTypes\":[]}", "callbackUrl"},
                {"{\"callbackUrl\":\"https://127.0.0.1:19998/hooks\"}", "eventTypes"},
                {"{\"eventTypes\":[]}", "callbackUrl"},
        };
        for (String[] badCase : cases) {
            MockHttpServletResponse refused = perform(postJson("/api/subscriptions", badCase[0]).with(alertSystem()));
            assertThat(refused.getStatus()).as(badCase[0]).isEqualTo(400);
            assertThat(refused.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(body(refused).get("invalidFields")).extracting(JsonNode::asText).containsExactly(badCase[1]);
            assertThat(refused.getContentAsString()).doesNotContain("password").doesNotContain("ftp:");
        }
        for (String unreadable : new String[]{
                "{\"callbackUrl\":\"https://127.0.0.1:19998/hooks\",\"eventTypes\":[\"org.saferwayout.nope\"]}",
                "{\"callbackUrl\":\"https://127.0.0.1:19998/hooks\",\"eventTypes\":[],\"secret\":\"mine\"}",
                "not json"}) {
            MockHttpServletResponse refused = perform(postJson("/api/subscriptions", unreadable).with(alertSystem()));
            assertThat(refused.getStatus()).as(unreadable).isEqualTo(400);
            assertThat(refused.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }
        assertThat(perform(get("/api/subscriptions/{id}", "not-a-uuid").with(alertSystem())).getStatus()).isEqualTo(400);
        assertThat(subscriptionCount()).isEqualTo(before);
    }

    @Test
    void anotherAgencysSubscriptionInTheSameDatabaseIsNeverShownNorChanged() throws Exception {
        String ceaseId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        subscriptions.register(new WebhookSubscription(ceaseId, AgencyId.CEASE,
                URI.create("https://127.0.0.1:19997/hooks"), EnumSet.noneOf(NotificationType.class),
                WebhookSignatures.newSecret(), "cease-system", now, 0, 0, now, null));

        assertThat(perform(get("/api/subscriptions").with(alertSystem())).getContentAsString()).doesNotContain(ceaseId);
        assertThat(perform(get("/api/subscriptions/{id}", ceaseId).with(alertSystem())).getStatus()).isEqualTo(404);
        assertThat(perform(put("/api/subscriptions/{id}", ceaseId).with(alertSystem())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"callbackUrl\":\"https://127.0.0.1:19996/\",\"eventTypes\":[]}")).getStatus()).isEqualTo(404);
        assertThat(perform(get("/api/subscriptions/{id}/dead-letters", ceaseId).with(alertSystem())).getStatus())
                .isEqualTo(404);
        assertThat(perform(post("/api/subscriptions/{id}/dead-letters/redelivery", ceaseId).with(alertSystem()))
                .getStatus()).isEqualTo(404);
        assertThat(perform(delete("/api/subscriptions/{id}", ceaseId).with(alertSystem())).getStatus()).isEqualTo(404);
        assertThat(subscriptions.find(AgencyId.CEASE, ceaseId)).get()
                .extracting(subscription -> subscription.callbackUrl().toString())
                .isEqualTo("https://127.0.0.1:19997/hooks");
        subscriptions.delete(AgencyId.CEASE, ceaseId);
    }
}
