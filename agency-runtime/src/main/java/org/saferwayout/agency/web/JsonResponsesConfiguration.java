package org.saferwayout.agency.web;

import org.springframework.boot.autoconfigure.web.servlet.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.lang.reflect.Method;

/**
 * An API operation that answers with a body and declares no media type produces JSON, so a caller that
 * accepts no JSON is refused (406) when the request is matched, before the handler runs. Otherwise Spring
 * would run the handler (and store what it wrote) and only then find it cannot answer in the accepted type.
 */
@Configuration(proxyBeanMethods = false)
public class JsonResponsesConfiguration {

    @Bean
    WebMvcRegistrations jsonUnlessDeclared() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new JsonUnlessDeclaredMapping();
            }
        };
    }

    static final class JsonUnlessDeclaredMapping extends RequestMappingHandlerMapping {

        @Override
        protected RequestMappingInfo getMappingForMethod(Method method, Class<?> handlerType) {
            RequestMappingInfo info = super.getMappingForMethod(method, handlerType);
            if (info == null || !info.getProducesCondition().isEmpty() || !ourApi(handlerType)
                    || !answersWithBody(method, handlerType)) {
                return info;
            }
            return info.mutate().produces(MediaType.APPLICATION_JSON_VALUE).build();
        }

        private static boolean ourApi(Class<?> handlerType) {
            return handlerType.getName().startsWith("org.saferwayout.");
        }

        private static boolean answersWithBody(Method method, Class<?> handlerType) {
            ResolvableType returned = ResolvableType.forMethodReturnType(method);
            if (returned.resolve() == void.class) {
                return false;
            }
            if (HttpEntity.class.isAssignableFrom(returned.toClass())) {
                return returned.as(HttpEntity.class).getGeneric(0).resolve() != Void.class;
            }
            return AnnotatedElementUtils.hasAnnotation(handlerType, ResponseBody.class)
                    || AnnotatedElementUtils.hasAnnotation(method, ResponseBody.class);
        }
    }
}
