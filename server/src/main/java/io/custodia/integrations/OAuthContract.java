package io.custodia.integrations;

import io.custodia.platform.ApiContract;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Apps in the OpenAPI document: the {@code oauth2} security scheme (authorisation code with PKCE,
 * the apps' scopes) beside the sign-in token's {@code bearer}; either opens an operation, as far as
 * docs/api.md says the app's scopes reach.
 */
@Component
class OAuthContract implements OpenApiCustomizer {
    static final String OAUTH2 = "oauth2";
    private final String issuer;

    OAuthContract(@Value("${custodia.public-url:http://localhost:8080}") String publicUrl) {
        this.issuer = publicUrl.replaceAll("/+$", "");
    }

    @Override
    public void customise(OpenAPI api) {
        Scopes scopes = new Scopes();
        IntegrationScope.values().forEach(s -> scopes.addString(s.key(), s.key()));
        api.getComponents()
                .addSecuritySchemes(
                        OAUTH2,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.OAUTH2)
                                .description("An app's access token (docs/api.md, \"Integrations\"); PKCE with S256")
                                .flows(new OAuthFlows()
                                        .authorizationCode(new OAuthFlow()
                                                .authorizationUrl(issuer + "/oauth2/authorize")
                                                .tokenUrl(issuer + "/oauth2/token")
                                                .refreshUrl(issuer + "/oauth2/token")
                                                .scopes(scopes))));
        api.setSecurity(List.of(
                new SecurityRequirement().addList(ApiContract.BEARER), new SecurityRequirement().addList(OAUTH2)));
    }
}
