package org.saferwayout.agency.directory;

import org.junit.jupiter.api.Test;
import org.saferwayout.agency.testapp.AgencyRuntimeTest;
import org.saferwayout.agency.testapp.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/** An agency service that does not serve the directory (the default) keeps its paths denied like any other. */
@AgencyRuntimeTest
class DirectoryNotServedTest {

    @Autowired
    private MockMvc mvc;
    @Autowired
    private NetworkDirectory directory;

    @Test
    void theDirectoryPathsAreDeniedButTheDirectoryIsThereToUse() throws Exception {
        for (String path : new String[]{"/services", "/organizations", "/service_at_locations",
                "/services/" + directory.services().get(0).id()}) {
            int status = mvc.perform(get(path).with(Tokens.of("alert", "SUPERVISOR"))).andReturn().getResponse().getStatus();
            assertThat(status).as(path).isEqualTo(403);
        }
        assertThat(directory.services()).isNotEmpty();
    }
}
