package org.saferwayout.agency.readmodel;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Before any processor stores its token, the read-model writes its handlers made are made durable, so a
 * crash can only make a projection redo work (which is idempotent), never skip it.
 */
@Configuration(proxyBeanMethods = false)
public class ReadModelDurabilityConfigurer {

    @Autowired
    void registerDurabilityInterceptor(EventProcessingConfigurer processing,
                                       ReadModelConfiguration.ReadModelServer server) {
        MessageHandlerInterceptor<EventMessage<?>> makeDurableBeforeCommit = (unitOfWork, chain) -> {
            unitOfWork.onPrepareCommit(uow -> server.makeDurable());
            return chain.proceed();
        };
        processing.registerDefaultHandlerInterceptor((configuration, processorName) -> makeDurableBeforeCommit);
    }
}
