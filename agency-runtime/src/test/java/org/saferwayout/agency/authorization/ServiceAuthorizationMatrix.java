package org.saferwayout.agency.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.authorization.ConsentStateFixture.Prepared;
import org.saferwayout.agency.authorization.NetworkAccessTable.Caller;
import org.saferwayout.agency.authorization.NetworkAccessTable.ConsentState;
import org.saferwayout.agency.authorization.NetworkAccessTable.Operation;
import org.saferwayout.agency.authorization.NetworkAccessTable.PersonalDatum;
import org.saferwayout.agency.authorization.TestIssuer.TokenKind;
import org.saferwayout.agency.config.AgencyProperties;
import org.saferwayout.agency.consent.application.ConsentRegistry;
import org.saferwayout.agency.directory.DirectoryService;
import org.saferwayout.agency.directory.NetworkDirectory;
import org.saferwayout.agency.exchange.ExchangePublisher;
import org.saferwayout.events.AgencyId;
import org.saferwayout.events.SurvivorRef;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * The authorization matrix of one agency service, generated from its own OpenAPI document: every documented
 * operation × every caller × the agency its token names (own, other, none) × the survivor's consent state ×
 * every kind of token, each answer compared with {@link NetworkAccessTable}. Refusals must be the table's
 * 401 or 403, as problem+json, and show nothing of a survivor; allowed calls must answer what the table says,
 * showing only the personal data it allows in that consent state. In CI every caller and agency claim gets a
 * valid and a tampered token, and every other invalid kind is sent as the callers the operation allows, naming
 * their own agency (the strongest case: everything but the token is right); with
 * {@code -Dswo.matrix.full=true} every caller and agency claim gets every kind of token, and the agency claims
 * include every other network agency and a case variant of the service's own.
 *
 * <p>A subclass names the service (its Spring Boot test annotation) and nothing else.
 */
public abstract class ServiceAuthorizationMatrix {

    private static final boolean FULL = Boolean.getBoolean("swo.matrix.full");
    private static final TestIssuer TRUSTED = TestIssuer.start();
    private static final TestIssuer UNTRUSTED = TestIssuer.start();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    /** The service trusts only the stand-in provider while the matrix runs. */
    @DynamicPropertySource
    static void trustTheTestIssuerOnly(DynamicPropertyRegistry properties) {
        properties.add("swo.security.trusted-issuers[0]", TRUSTED::issuer);
    }

    @Autowired
    private WebApplicationContext context;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private ExchangePublisher exchange;
    @Autowired
    private ConsentRegistry registry;
    @Autowired
    private AgencyProperties agency;
    @Autowired
    private NetworkDirectory directory;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping handlerMapping;

    /** Built here rather than autowired: the test's MockMvc buffers every exchange to print on failure. */
    private MockMvc mvc;
    /** Minted once per kind, caller and claim: signing is what the matrix would otherwise spend its time on. */
    private final Map<String, String> tokens = new HashMap<>();

    @BeforeEach
    void withTheSecurityFilters() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    /** The agency a token names: the service's own, another, or none. */
    record AgencyClaim(String label, String value, boolean networkAgency) {
    }

    @Test
    void everyOperationOfTheOpenApiDocumentIsInTheTable() throws Exception {
        Set<String> missing = new TreeSet<>(documentedOperations().keySet());
        missing.removeIf(key -> NetworkAccessTable.keys().contains(key));
        assertThat(missing).as("documented operations the table does not state").isEmpty();
    }

    @Test
    void everyHandlerOfTheServiceIsInTheOpenApiDocument() throws Exception {
        Set<String> handlers = new TreeSet<>();
        handlerMapping.getHandlerMethods().forEach((RequestMappingInfo mapping, HandlerMethod handler) -> {
            if (handler.getBeanType().getName().startsWith("org.saferwayout.")) {
                // portal pages are not API operations: their own chain and Portal*Test cover them (ADR 015)
                mapping.getMethodsCondition().getMethods().forEach(method -> mapping.getPatternValues().stream()
                        .filter(path -> !path.startsWith("/portal"))
                        .forEach(path -> handlers.add(NetworkAccessTable.key(method.name(), path))));
            }
        });
        assertThat(handlers).as("the service's own endpoints").isNotEmpty();
        assertThat(documentedOperations().keySet()).as("an endpoint hidden from the OpenAPI document escapes the matrix")
                .containsAll(handlers);
    }

    @Test
    void everyCallerAgencyConsentStateAndTokenGetsExactlyWhatTheTableSays() throws Exception {
        long started = System.nanoTime();
        AgencyId own = agency.id();
        AgencyId partner = own == AgencyId.CEASE ? AgencyId.ALERT : AgencyId.CEASE;
        Map<String, JsonNode> documented = documentedOperations();
        List<Operation> operations = NetworkAccessTable.OPERATIONS.stream()
                .filter(row -> documented.containsKey(row.key())).toList();
        assertThat(operations).hasSize(documented.size());

        String subscriptionId = ok(send(Caller.AGENCY_SYSTEM, own.code(), "POST", "/api/subscriptions",
                "{\"callbackUrl\":\"http://127.0.0.1:9/matrix\",\"eventTypes\":[]}"), 201).get("subscriptionId").asText();
        Map<ConsentState, Prepared> prepared = new ConsentStateFixture(
                (caller, method, path, body) -> send(caller, own.code(), method, path, body), json, exchange, registry,
                own, partner).prepareEvery();
        List<String> everyMarker = new ArrayList<>();
        List<String> survivors = new ArrayList<>();
        prepared.values().forEach(state -> {
            everyMarker.addAll(state.markers().values());
            survivors.add(state.survivorRef());
        });
        long fixtureSeconds = (System.nanoTime() - started) / 1_000_000_000L;
        String ownService = directory.services().stream().filter(service -> service.agency() == own)
                .map(DirectoryService::id).findFirst().orElse("none-listed");

        Tally tally = new Tally();
        for (Operation operation : operations) {
            JsonNode documentedOperation = documented.get(operation.key());
            for (ConsentState state : ConsentState.values()) {
                Prepared fixture = prepared.get(state);
                Map<String, String> values = values(operation, fixture, partner, subscriptionId, ownService);
                String uri = uri(operation, documentedOperation, values);
                String body = operation.body() == null ? null : fill(operation.body(), values);
                for (Caller caller : Caller.values()) {
                    for (AgencyClaim claim : agencyClaims(own)) {
                        for (TokenKind kind : TokenKind.values()) {
                            if (!FULL && !sentInCi(kind, operation, caller, claim, own)) {
                                continue;
                            }
                            String authorization = tokens.computeIfAbsent(kind + " " + caller + " " + claim.label(),
                                    key -> TRUSTED.authorization(kind, caller.subject(claim.value()), claim.value(),
                                            caller.roles(), UNTRUSTED, own.code(), allRoles()));
                            MockHttpServletResponse response = mvc.perform(matrixRequest(operation.method(), uri, body, authorization))
                                    .andReturn().getResponse();
                            int expected = expectedRefusal(operation, caller, claim, kind, own);
                            String combination = operation.key() + " as " + caller + " of " + claim.label() + " with "
                                    + kind + " token, consent " + state;
                            tally.count(operation, caller, claim, state, kind, expected == 0);
                            check(tally, combination, operation, state, fixture, expected, response, everyMarker, survivors);
                        }
                    }
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.println(tally.report(own, FULL, seconds, fixtureSeconds));
        assertThat(tally.unexpectedAllows).as("calls the table refuses that were let through").isEmpty();
        assertThat(tally.mismatches).as("calls that did not get what the table says").isEmpty();
    }

    /**
     * The CI budget: valid and tampered tokens for everyone (tampering is how a caller without rights would
     * try to get them); every other kind only as the callers the operation allows, naming their own agency.
     */
    private static boolean sentInCi(TokenKind kind, Operation operation, Caller caller, AgencyClaim claim, AgencyId own) {
        return kind == TokenKind.VALID || kind == TokenKind.TAMPERED
                || (operation.allows(caller) && own.code().equals(claim.value()));
    }

    /** 0 when the table allows the call; otherwise the status it must be refused with. */
    private static int expectedRefusal(Operation operation, Caller caller, AgencyClaim claim, TokenKind kind, AgencyId own) {
        if (kind != TokenKind.VALID) {
            return 401;
        }
        if (operation.everyNetworkAgency()) {
            return claim.networkAgency() ? 0 : 403;
        }
        if (!own.code().equals(claim.value())) {
            return 403;
        }
        return operation.allows(caller) ? 0 : 403;
    }

    private void check(Tally tally, String combination, Operation operation, ConsentState state, Prepared fixture,
                       int expectedRefusal, MockHttpServletResponse response, List<String> everyMarker,
                       List<String> survivors) throws Exception {
        int status = response.getStatus();
        String body = response.getContentAsString();
        boolean refused = status == 401 || status == 403;
        if (expectedRefusal != 0) {
            if (!refused) {
                tally.unexpectedAllows.add(combination + ": " + status);
                return;
            }
            tally.refused++;
            if (status != expectedRefusal) {
                tally.mismatches.add(combination + ": " + status + ", the table says " + expectedRefusal);
            }
            String type = response.getContentType();
            if (type == null || !MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(MediaType.parseMediaType(type))) {
                tally.mismatches.add(combination + ": refused as " + type + ", not problem+json");
            }
            for (String datum : concat(everyMarker, survivors)) {
                if (body.contains(datum)) {
                    tally.mismatches.add(combination + ": a refusal shows a survivor's data");
                }
            }
            return;
        }
        tally.allowed++;
        if (!operation.answers(state).contains(status)) {
            tally.mismatches.add(combination + ": " + status + ", the table says " + operation.answers(state)
                    + (refused ? " (refused)" : ""));
        }
        Set<PersonalDatum> mayShow = status == 200 ? operation.shows(state) : Set.of();
        for (PersonalDatum datum : PersonalDatum.values()) {
            String marker = fixture.markers().get(datum);
            if (mayShow.contains(datum) != body.contains(marker)) {
                tally.mismatches.add(combination + ": " + datum + (mayShow.contains(datum) ? " missing" : " shown"));
            }
        }
        for (String marker : everyMarker) {
            if (!fixture.markers().containsValue(marker) && body.contains(marker)) {
                tally.mismatches.add(combination + ": shows another survivor's data");
            }
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private List<AgencyClaim> agencyClaims(AgencyId own) {
        List<AgencyClaim> claims = new ArrayList<>();
        claims.add(new AgencyClaim("own agency", own.code(), true));
        Arrays.stream(AgencyId.values()).filter(other -> other != own).limit(FULL ? AgencyId.values().length : 1)
                .forEach(other -> claims.add(new AgencyClaim("other agency " + other.code(), other.code(), true)));
        claims.add(new AgencyClaim("no agency", null, false));
        if (FULL) {
            claims.add(new AgencyClaim("own agency in capitals", own.code().toUpperCase(), false));
        }
        return claims;
    }

    private static List<String> allRoles() {
        return Arrays.stream(Caller.values()).flatMap(caller -> caller.roles().stream()).toList();
    }

    /** Values for the placeholders of path templates and bodies, from the fixture of one consent state. */
    private static Map<String, String> values(Operation operation, Prepared fixture, AgencyId partner,
                                              String subscriptionId, String ownService) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("caseId", fixture.caseId());
        values.put("referralId", operation.path().startsWith("/api/cases/")
                ? fixture.outgoingReferralId() : fixture.incomingReferralId());
        values.put("consentId", fixture.consentId());
        values.put("subscriptionId", subscriptionId);
        values.put("survivorRef", fixture.survivorRef());
        values.put("bystanderSurvivorRef", SurvivorRef.issue().value());
        values.put("partner", partner.code());
        values.put("agency", partner.code());
        values.put("ownDirectoryService", ownService);
        values.put("at", Instant.now().toString());
        values.put("from", "2026-01-01");
        values.put("to", "2026-03-31");
        values.putAll(operation.values());
        return values;
    }

    /** The path with its variables filled, and every required query parameter the document names. */
    private static String uri(Operation operation, JsonNode documented, Map<String, String> values) {
        StringBuilder uri = new StringBuilder(fill(operation.path(), values));
        String separator = "?";
        for (JsonNode parameter : documented.path("parameters")) {
            if ("query".equals(parameter.path("in").asText()) && parameter.path("required").asBoolean()) {
                String name = parameter.path("name").asText();
                assertThat(values).as("a value for required parameter %s of %s", name, operation.key()).containsKey(name);
                uri.append(separator).append(name).append('=').append(values.get(name));
                separator = "&";
            }
        }
        return uri.toString();
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            assertThat(value).as("a value for {%s} in %s", placeholder.group(1), template).isNotNull();
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(filled);
        return filled.toString();
    }

    private static MockHttpServletRequestBuilder matrixRequest(String method, String uri, String body,
                                                               String authorization) {
        MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(method), URI.create(uri));
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return request;
    }

    /** One request as a caller of an agency with a valid token, for the fixture. */
    private MockHttpServletResponse send(Caller caller, String agencyCode, String method, String path, String body)
            throws Exception {
        String authorization = TRUSTED.authorization(TokenKind.VALID, caller.subject(agencyCode), agencyCode,
                caller.roles(), UNTRUSTED, agencyCode, caller.roles());
        return mvc.perform(matrixRequest(method, path, body, authorization)).andReturn().getResponse();
    }

    private JsonNode ok(MockHttpServletResponse response, int status) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
        return json.readTree(response.getContentAsString());
    }

    /** Every operation of the service's own OpenAPI document, by method and path template. */
    private Map<String, JsonNode> documentedOperations() throws Exception {
        MockHttpServletResponse response = mvc.perform(request(HttpMethod.GET, "/v3/api-docs")).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        Map<String, JsonNode> operations = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> paths = json.readTree(response.getContentAsString()).path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(operation ->
                    operations.put(NetworkAccessTable.key(operation.getKey().toUpperCase(), path.getKey()), operation.getValue()));
        }
        return operations;
    }

    /** Counts per dimension, and every call that was not what the table says. */
    private static final class Tally {
        private final Map<String, Map<String, int[]>> dimensions = new LinkedHashMap<>();
        private final List<String> unexpectedAllows = new ArrayList<>();
        private final List<String> mismatches = new ArrayList<>();
        private long allowed;
        private long refused;

        void count(Operation operation, Caller caller, AgencyClaim claim, ConsentState state, TokenKind kind,
                   boolean allowedByTable) {
            add("operation", operation.key(), allowedByTable);
            add("caller", caller.name(), allowedByTable);
            add("agency claim", claim.label(), allowedByTable);
            add("consent state", state.name(), allowedByTable);
            add("token", kind.name(), allowedByTable);
        }

        private void add(String dimension, String value, boolean allowedByTable) {
            int[] counts = dimensions.computeIfAbsent(dimension, d -> new LinkedHashMap<>())
                    .computeIfAbsent(value, v -> new int[2]);
            counts[allowedByTable ? 0 : 1]++;
        }

        String report(AgencyId own, boolean full, long seconds, long fixtureSeconds) {
            StringBuilder report = new StringBuilder("Authorization matrix of " + own.code() + (full ? " (full size)" : " (CI size)")
                    + ": " + (allowed + refused + unexpectedAllows.size()) + " calls, " + allowed + " allowed, " + refused
                    + " refused, " + unexpectedAllows.size() + " unexpected allows, " + mismatches.size() + " mismatches, "
                    + seconds + " s (of which preparing the consent states " + fixtureSeconds + " s)\n");
            dimensions.forEach((dimension, values) -> {
                report.append("  ").append(dimension).append(" (").append(values.size()).append("):");
                values.forEach((value, counts) -> report.append(' ').append(value).append('=')
                        .append(counts[0]).append('/').append(counts[1]));
                report.append('\n');
            });
            report.append("  (each value: allowed/refused by the table)\n");
            mismatches.stream().limit(40).forEach(mismatch -> report.append("  MISMATCH ").append(mismatch).append('\n'));
            unexpectedAllows.stream().limit(40).forEach(allow -> report.append("  UNEXPECTED ALLOW ").append(allow).append('\n'));
            return report.toString();
        }
    }
}
