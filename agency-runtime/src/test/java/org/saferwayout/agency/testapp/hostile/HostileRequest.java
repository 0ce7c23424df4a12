package org.saferwayout.agency.testapp.hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A rendered request: the URI as sent (already percent-encoded where it must be), headers, and the body's
 * bytes (null: none).
 *
 * @param undeclaredLength send the body without a Content-Length, as a chunked upload
 */
public record HostileRequest(String method, String uri, List<Map.Entry<String, String>> headers, byte[] body,
                             String contentType, boolean undeclaredLength) {

    /** For a failure report: the body abbreviated. */
    @Override
    public String toString() {
        String shown = body == null ? "none" : body.length > 300
                ? new String(body, 0, 300, StandardCharsets.UTF_8) + "... (" + body.length + " bytes)"
                : new String(body, StandardCharsets.UTF_8);
        return method + " " + uri + " headers=" + headers + " content-type=" + contentType + " body=" + shown
                + (undeclaredLength ? " (no Content-Length)" : "");
    }
}
