package org.saferwayout.agency.subscription;

import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.ThreadLocalRandom;

/** Binds test servers on 127.0.0.1 within 19000-19999, the range this module's tests may use. */
final class LoopbackPorts {

    interface Binder<T> {
        T bind(int port) throws IOException;
    }

    private LoopbackPorts() {
    }

    static <T> T bindFree(Binder<T> binder) throws IOException {
        for (int tries = 0; tries < 200; tries++) {
            int port = 19000 + ThreadLocalRandom.current().nextInt(1000);
            try {
                return binder.bind(port);
            } catch (BindException taken) {
                // try another
            }
        }
        throw new BindException("no free port in 19000-19999");
    }
}
