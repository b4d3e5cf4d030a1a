package io.custodia.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The workspace's single sign-on provider (OpenID Connect); {@code workspace.manage}. */
@Tag(name = "Workspace")
@RestController
@RequestMapping("/api/v1/workspace/sso")
class SsoController {
    private final SsoConfiguration configuration;

    SsoController(SsoConfiguration configuration) {
        this.configuration = configuration;
    }

    /** The body of a PUT: {@code clientSecret} is write-only, and may be left out to keep the stored one. */
    record SsoChange(
            String issuer,
            String clientId,

            @Schema(accessMode = Schema.AccessMode.WRITE_ONLY)
            String clientSecret,

            Boolean passwordSignIn,
            List<String> domains,
            Boolean createUsers,
            UUID defaultRoleId) {}

    /** {@code redirectUri}: the address to register at the provider. */
    record SsoView(
            String issuer,
            String clientId,
            boolean clientSecretSet,
            boolean passwordSignIn,
            List<String> domains,
            boolean createUsers,
            UUID defaultRoleId,
            String redirectUri) {
        static SsoView of(SsoConfiguration.Shown s, String slug) {
            return new SsoView(
                    s.issuer(),
                    s.clientId(),
                    s.clientSecretSet(),
                    s.passwordSignIn(),
                    s.domains(),
                    s.createUsers(),
                    s.defaultRoleId(),
                    ServletUriComponentsBuilder.fromCurrentContextPath()
                            .path(SsoLogin.CALLBACK + "/{slug}")
                            .buildAndExpand(slug)
                            .toUriString());
        }
    }

    @Operation(operationId = "getSingleSignOn", summary = "Get the workspace's single sign-on provider")
    @GetMapping
    SsoView get(@AuthenticationPrincipal CurrentUser me) {
        return SsoView.of(configuration.get(me), configuration.slugOf(me));
    }

    @Operation(
            operationId = "putSingleSignOn",
            summary = "Register or replace the workspace's single sign-on provider (OpenID Connect)")
    @PutMapping
    SsoView put(@AuthenticationPrincipal CurrentUser me, @RequestBody SsoChange body) {
        SsoConfiguration.Shown shown = configuration.put(
                me,
                new SsoConfiguration.Change(
                        body.issuer(),
                        body.clientId(),
                        body.clientSecret(),
                        body.passwordSignIn(),
                        body.domains(),
                        body.createUsers(),
                        body.defaultRoleId()));
        return SsoView.of(shown, configuration.slugOf(me));
    }

    @Operation(operationId = "deleteSingleSignOn", summary = "Remove the workspace's single sign-on provider")
    @DeleteMapping
    ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser me) {
        configuration.delete(me);
        return ResponseEntity.noContent().build();
    }
}
