package org.saferwayout.agency.testapp.hostile;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The fuzz budget from the command line: {@code -Dswo.fuzz.tries} inputs, each sent to every operation (CI
 * runs the default, 100; the full run 10000), and {@code -Dswo.fuzz.seed} to replay a run. The seed is always
 * printed, so any run can be replayed.
 */
public final class FuzzBudget implements AroundPropertyHook {

    public static final int DEFAULT_TRIES = 100;

    public static int tries() {
        return Integer.getInteger("swo.fuzz.tries", DEFAULT_TRIES);
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String seed = System.getProperty("swo.fuzz.seed", Long.toString(ThreadLocalRandom.current().nextLong()));
        context.attributes().setTries(tries());
        context.attributes().setSeed(seed);
        System.out.printf("Fuzzing %s: %d tries, seed %s (replay with -Dswo.fuzz.seed=%s -Dswo.fuzz.tries=%d)%n",
                context.label(), tries(), seed, seed, tries());
        return property.execute();
    }
}
