package io.custodia.scim;

import de.captaingoldfish.scim.sdk.common.resources.ServiceProvider;
import de.captaingoldfish.scim.sdk.common.resources.complex.BulkConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ChangePasswordConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.ETagConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.FilterConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.PatchConfig;
import de.captaingoldfish.scim.sdk.common.resources.complex.SortConfig;
import de.captaingoldfish.scim.sdk.common.resources.multicomplex.AuthenticationScheme;
import de.captaingoldfish.scim.sdk.server.endpoints.ResourceEndpoint;
import de.captaingoldfish.scim.sdk.server.endpoints.base.GroupEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.endpoints.base.UserEndpointDefinition;
import de.captaingoldfish.scim.sdk.server.schemas.ResourceType;
import io.custodia.directory.Passwords;
import io.custodia.directory.People;
import io.custodia.directory.Users;
import java.util.List;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The SCIM SDK's endpoint with Custodia's Users and Groups, served at {@code /scim/v2/*}. */
@Configuration(proxyBeanMethods = false)
class ScimConfiguration {
    /** The most resources one page holds. */
    static final int MAX_RESULTS = 200;

    @Bean
    ResourceEndpoint scimEndpoint(
            Users users,
            People people,
            ScimUserLinks links,
            ScimUserInput input,
            Passwords passwords,
            ScimGroupStore groups) {
        ServiceProvider provider = ServiceProvider.builder()
                .filterConfig(FilterConfig.builder()
                        .supported(true)
                        .maxResults(MAX_RESULTS)
                        .build())
                .sortConfig(SortConfig.builder().supported(false).build())
                .changePasswordConfig(
                        ChangePasswordConfig.builder().supported(false).build())
                .bulkConfig(BulkConfig.builder().supported(false).build())
                .patchConfig(PatchConfig.builder().supported(true).build())
                .eTagConfig(ETagConfig.builder().supported(true).build())
                .authenticationSchemes(List.of(AuthenticationScheme.builder()
                        .name("OAuth Bearer Token")
                        .description("a workspace SCIM token, from POST /api/v1/scim-tokens")
                        .type("oauthbearertoken")
                        .build()))
                .build();
        ResourceEndpoint endpoint = new ResourceEndpoint(provider);
        ResourceType userType = endpoint.registerEndpoint(
                new UserEndpointDefinition(new ScimUsers(users, people, links, input, passwords)));
        ResourceType groupType = endpoint.registerEndpoint(new GroupEndpointDefinition(new ScimGroups(groups)));
        userType.getFeatures().getETagFeature().setEnabled(true);
        groupType.getFeatures().getETagFeature().setEnabled(true);
        return endpoint;
    }

    @Bean
    ServletRegistrationBean<ScimServlet> scimServlet(ResourceEndpoint scimEndpoint, PlatformTransactionManager tx) {
        ServletRegistrationBean<ScimServlet> registration =
                new ServletRegistrationBean<>(new ScimServlet(scimEndpoint, new TransactionTemplate(tx)), "/scim/v2/*");
        registration.setName("scim");
        return registration;
    }
}
