package org.saferwayout.agency.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.config.RequestLimitsProperties;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import java.io.Reader;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A body of undeclared length (chunked) is stopped at the limit however it is read: stream or reader. */
class RequestBodyLimitFilterTest {

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(new RequestLimitsProperties(
            DataSize.ofKilobytes(64), new RequestLimitsProperties.Rate(true, 1, 1, 1),
            new RequestLimitsProperties.RefusedCredentials(1, 1)), new ObjectMapper());

    @Test
    void aChunkedBodyReadThroughTheReaderIsStoppedAtTheLimit() {
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/api/cases") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setCharacterEncoding(StandardCharsets.UTF_8.name());
        chunked.setContent(" ".repeat(70 * 1024).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> filter.doFilter(chunked, new MockHttpServletResponse(), (request, response) -> {
            Reader reader = request.getReader();
            char[] buffer = new char[4096];
            while (reader.read(buffer) >= 0) {
                // reads until the limit stops it
            }
        })).isInstanceOf(RequestBodyLimitFilter.RequestBodyTooLargeException.class);
    }
}
