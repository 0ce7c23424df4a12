package org.saferwayout.agency.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Every error leaves as problem+json, also those no controller advice sees: a {@code sendError} from a filter
 * or framework code is answered here with a problem (never the container's error page, which could name the
 * server), and an error status left without a body (an actuator 404, for one) gets one. The detail is fixed
 * text: the reason the framework gave may quote the request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class ErrorProblemFilter extends OncePerRequestFilter {

    static final String DETAIL = "This request cannot be handled as sent.";

    private final ProblemResponses problems;

    public ErrorProblemFilter(ObjectMapper objectMapper) {
        this.problems = new ProblemResponses(objectMapper);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemOnError watched = new ProblemOnError(response, problems);
        chain.doFilter(request, watched);
        if (!request.isAsyncStarted() && !response.isCommitted() && response.getStatus() >= 400
                && !watched.bodyStarted) {
            response.resetBuffer();
            problems.write(response, HttpStatusCode.valueOf(response.getStatus()), DETAIL);
        }
    }

    private static final class ProblemOnError extends HttpServletResponseWrapper {

        private final ProblemResponses problems;
        private boolean bodyStarted;

        ProblemOnError(HttpServletResponse response, ProblemResponses problems) {
            super(response);
            this.problems = problems;
        }

        @Override
        public void sendError(int status) throws IOException {
            sendError(status, null);
        }

        @Override
        public void sendError(int status, String ignoredMessage) throws IOException {
            if (isCommitted()) {
                throw new IllegalStateException("response already committed");
            }
            resetBuffer();
            bodyStarted = true;
            problems.write((HttpServletResponse) getResponse(), HttpStatusCode.valueOf(status), DETAIL);
            flushBuffer();
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            bodyStarted = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            bodyStarted = true;
            return super.getWriter();
        }
    }
}
