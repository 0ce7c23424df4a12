package org.saferwayout.agency.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.util.OnCommittedResponseWrapper;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The outermost filter: {@link SecurityHeaders} on every response that passes the servlet container's filters,
 * refusals and errors included. The headers are added when the response commits (or after the chain, for a
 * response without a body), so whatever the inner filters and security chains set first wins.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityHeadersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean overTls = request.isSecure();
        HeadersOnCommit headed = new HeadersOnCommit(response, overTls);
        try {
            chain.doFilter(request, headed);
        } finally {
            if (!response.isCommitted()) {
                SecurityHeaders.addMissing(response, overTls);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    private static final class HeadersOnCommit extends OnCommittedResponseWrapper {

        private final boolean overTls;

        HeadersOnCommit(HttpServletResponse response, boolean overTls) {
            super(response);
            this.overTls = overTls;
        }

        @Override
        protected void onResponseCommitted() {
            SecurityHeaders.addMissing((HttpServletResponse) getResponse(), overTls);
        }
    }
}
