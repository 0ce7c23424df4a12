package org.saferwayout.agency.testapp;

import jakarta.servlet.ServletContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

import java.net.URI;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A MockMvc request whose body has no declared length, as a chunked upload has: {@code getContentLength()}
 * is -1 and there is no Content-Length header, so only a limit applied while reading can stop it.
 */
public final class UndeclaredLengthRequestBuilder
        extends AbstractMockHttpServletRequestBuilder<UndeclaredLengthRequestBuilder> {

    private UndeclaredLengthRequestBuilder(HttpMethod method, String uriTemplate, Object... uriVariables) {
        super(method);
        uri(uriTemplate, uriVariables);
        header(HttpHeaders.TRANSFER_ENCODING, "chunked");
    }

    private UndeclaredLengthRequestBuilder(HttpMethod method, URI uri) {
        super(method);
        uri(uri);
        header(HttpHeaders.TRANSFER_ENCODING, "chunked");
    }

    /** A URI taken as it is, already encoded (hostile encodings included). */
    public static UndeclaredLengthRequestBuilder request(HttpMethod method, URI uri) {
        return new UndeclaredLengthRequestBuilder(method, uri);
    }

    public static UndeclaredLengthRequestBuilder post(String uriTemplate, Object... uriVariables) {
        return new UndeclaredLengthRequestBuilder(HttpMethod.POST, uriTemplate, uriVariables);
    }

    @Override
    protected MockHttpServletRequest createServletRequest(ServletContext servletContext) {
        return new MockHttpServletRequest(servletContext) {
            @Override
            public int getContentLength() {
                return -1;
            }

            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public String getHeader(String name) {
                return isContentLength(name) ? null : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return isContentLength(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                List<String> names = Collections.list(super.getHeaderNames());
                names.removeIf(UndeclaredLengthRequestBuilder::isContentLength);
                return Collections.enumeration(names);
            }
        };
    }

    private static boolean isContentLength(String name) {
        return HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name);
    }
}
