package org.saferwayout.identity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The shared test context: random port, key file under target/, and an issuer that differs from the
 * request host so tests can tell the configured issuer from a derived one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "swo.data-dir=target/test-data",
        "swo.identity.issuer=" + IdentityProviderTest.ISSUER
})
public @interface IdentityProviderTest {

    String ISSUER = "http://issuer.swo.test:9000";
    String KEY_FILE = "target/test-data/identity/signing-key.jwk.json";
}
