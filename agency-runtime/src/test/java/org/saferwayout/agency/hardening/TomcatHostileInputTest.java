package org.saferwayout.agency.hardening;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.TestAgencyApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostility below what MockMvc can send, over a raw socket to the runtime in a real Tomcat on a free port
 * (ADR 017): malformed request lines and headers, oversized headers, encoded slashes, smuggling attempts.
 * Tomcat refuses most before any filter runs; its answer must still be problem+json, with the security
 * headers, naming no server, and never a 5xx.
 */
class TomcatHostileInputTest {

    private static ConfigurableApplicationContext service;
    private static int port;

    @BeforeAll
    static void startOnAFreePort() {
        // The same settings as every @AgencyRuntimeTest, as command-line arguments (which outrank the yml).
        String[] arguments = Arrays.stream(AgencyRuntimeTest.class.getAnnotation(SpringBootTest.class).properties())
                .map(property -> "--" + property).toArray(String[]::new);
        service = new SpringApplicationBuilder(TestAgencyApplication.class).run(arguments);
        port = ((WebServerApplicationContext) service).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    static Stream<String> hostileRequests() {
        String canary = "CanaryPD" + System.nanoTime();
        return Stream.of(
                "GARBAGE\r\n\r\n",
                "GET /api/cases HTTP/9.9\r\nHost: localhost\r\n\r\n",
                "GET /api/cases/" + canary + " HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                        + "\r\nConnection: close\r\n\r\n",
                "GET /api/cases/%2F..%2F" + canary + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/cases/%00" + canary + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/cases/../../etc/passwd HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/cases/%c0%ae%c0%ae/" + canary + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/cases HTTP/1.1\r\nHost: evil example " + canary + "\r\nConnection: close\r\n\r\n",
                "GET /api/cases HTTP/1.1\r\nHost: localhost\r\nX-A: b\r\n folded-" + canary + "\r\nConnection: close\r\n\r\n",
                "GET /api/cases HTTP/1.1\r\nHost: localhost\r\nX-A: " + canary + "\u0001\r\nConnection: close\r\n\r\n",
                "GET /api/cases HTTP/1.1\r\nHost: localhost\nX-Bare-LF: " + canary + "\r\nConnection: close\r\n\r\n",
                "GET /api/cases?" + canary + "=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/cases HTTP/1.1\r\nHost: localhost\r\nHost: other\r\nConnection: close\r\n\r\n",
                "POST /api/cases HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\n0\r\n\r\n",
                "POST /api/cases HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 7\r\n"
                        + "Connection: close\r\n\r\n{}   ",
                "POST /api/cases HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "POST /api/cases HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked(" ".repeat(100_000) + "{}"),
                "FOO /api/cases HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /actuator/health/%ef%bc%8f HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /v3/api-docs HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Host: " + canary
                        + ".example\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n");
    }

    private static String chunked(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i += 8192) {
            String chunk = body.substring(i, Math.min(body.length(), i + 8192));
            out.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        return out.append("0\r\n\r\n").toString();
    }

    @ParameterizedTest
    @MethodSource("hostileRequests")
    void tomcatAndTheServiceAnswerHostileRequestsWithProblemsAndHeaders(String request) throws IOException {
        String response = exchange(request);
        String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
        String body = response.substring(Math.min(response.length(), head.length() + 4));
        int status = Integer.parseInt(head.substring(9, 12));
        String headers = head.toLowerCase(Locale.ROOT);

        if (request.contains(" HTTP/9.9")) {
            // The one 5xx the protocol prescribes for a client's request: 505 HTTP Version Not Supported.
            assertThat(status).as(response).isEqualTo(505);
        } else {
            assertThat(status).as("status; response:\n%s", response).isLessThan(500);
        }
        if (status >= 400) {
            assertThat(headers).as(response).contains("content-type: application/problem+json");
        }
        assertThat(headers).as(response).contains("x-content-type-options: nosniff")
                .contains("x-frame-options: deny").doesNotContain("\nserver:").doesNotContain("x-powered-by");
        assertThat(response).as(response).doesNotContainIgnoringCase("canarypd").doesNotContain("Tomcat")
                .doesNotContain("Apache").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(body).as(response).doesNotContain("<html").doesNotContain("<!doctype");
    }

    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                socket.shutdownOutput();
            } catch (IOException refusedMidway) {
                // Tomcat may answer and close before the whole request is written: its answer is what counts.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // A reset after the answer is Tomcat closing a refused connection.
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
