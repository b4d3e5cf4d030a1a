package io.custodia.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The served API description: what it is, that calls take a bearer token (a sign-in token or an
 * app's OAuth access token), and the problems every operation may answer ({@link ApiContract}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
    @Bean
    OpenAPI custodiaApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Custodia API")
                        .version("v1")
                        .description("CRM records, roles and explainable access control.")
                        .license(new License().name("Apache License 2.0").identifier("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                ApiContract.BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A sign-in token from POST /api/v1/auth/login")))
                .addSecurityItem(new SecurityRequirement().addList(ApiContract.BEARER));
    }

    /** After the other customizers, so that the operations they add are covered too. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    OpenApiCustomizer problemsOnEveryOperation() {
        return ApiContract::declareProblems;
    }
}
