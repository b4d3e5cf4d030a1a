package io.custodia.reliability;

import static io.custodia.platform.db.Tables.AUDIT_ENTRY;
import static io.custodia.platform.db.Tables.AUTH_TOKEN;
import static io.custodia.platform.db.Tables.INTEGRATION_AUTHORIZATION;
import static io.custodia.platform.db.Tables.JOB;
import static io.custodia.platform.db.Tables.NOTIFICATION;
import static io.custodia.platform.db.Tables.SSO_DOMAIN;
import static io.custodia.platform.db.Tables.TOTP_FACTOR;
import static io.custodia.platform.db.Tables.WORKSPACE;
import static io.custodia.platform.db.Tables.WORKSPACE_SSO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import io.custodia.Api;
import io.custodia.ApiTest;
import io.custodia.policy.EntityType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorisation matrix (OWASP API1 and API5): every endpoint the application maps, read from
 * its own handler mappings, is called by each role template and without a token, on targets of
 * each id class, and the outcome must be the one {@link #MATRIX} states. An endpoint the matrix
 * does not list fails the test, so a new endpoint cannot ship without its row. Every successful
 * call of a mutating method must append exactly one audit entry, except the few listed in
 * {@link #NOT_AUDITED} with the reason.
 *
 * <p>Id classes: the target belongs to (is owned, attended, requested or authored by) the caller,
 * a colleague in the caller's department, someone in another department, another workspace, or
 * does not exist. Directory and configuration objects (departments, roles, teams, apps) belong to
 * nobody: for them the first three classes are the same kind of target in the caller's workspace.
 * For creating records the class is that of the owner named in the body.
 *
 * <p>Outcomes, one character per id class (one only for endpoints without an id), per caller:
 * {@code 2} success, {@code 1} 401, {@code 3} 403, {@code 4} 404, {@code 9} 409, {@code 7} 422,
 * {@code 0} 400.
 */
class AuthorizationMatrixTest extends ApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    enum Caller {
        ADMINISTRATOR("Administrator"),
        MANAGER("Manager"),
        SALESPERSON("Salesperson"),
        CUSTOMER_SERVICE("Customer service"),
        READ_ONLY("Read only"),
        ANONYMOUS(null);

        final String template;

        Caller(String template) {
            this.template = template;
        }
    }

    enum IdClass {
        OWN,
        SAME_DEPARTMENT,
        OTHER_DEPARTMENT,
        OTHER_WORKSPACE,
        MISSING
    }

    /** Successful calls of these append no entry to the caller's workspace log; each says why. */
    static final Map<String, String> NOT_AUDITED = Map.of(
            "POST /api/v1/workspaces",
            "a new workspace's log starts with its creation, its administrator and the administrator's role",
            "POST /api/v1/auth/login",
            "signing in is counted by the throttle and the access log, not audited",
            "POST /api/v1/auth/logout",
            "signing out ends the caller's own token",
            "POST /api/v1/me/totp",
            "starting an enrolment turns nothing on until its confirmation, which is audited",
            "POST /api/v1/notifications/{id}/read",
            "marking one's own notification read",
            "PATCH /api/v1/me",
            "one's own reading language, a preference that changes no access and no record",
            "POST /api/v1/access/simulate",
            "a simulation changes nothing",
            "POST /oauth2/consent/ask",
            "asking the administrators sends notifications, changes no access",
            "POST /api/v1/users/{id}/offboard",
            "the matrix asks for the preview (dryRun), which changes nothing; an offboarding itself is audited"
                    + " once (OffboardingTest), and its job would change the people other rows act on");

    /**
     * The expected outcomes. Columns: administrator, manager, salesperson, customer service, read
     * only, anonymous.
     */
    static final String MATRIX = """
            # endpoint [record type]                             admin mgr   sales serv  read  anon
            GET /api/v1/{type} deals                             2     2     2     2     2     1
            POST /api/v1/{type} deals                            22277 22277 23377 33333 33333 11111
            GET /api/v1/{type}/{id} deals                        22244 22244 22444 22244 22244 11111
            PATCH /api/v1/{type}/{id} deals                      22244 22244 23444 33344 33344 11111
            DELETE /api/v1/{type}/{id} deals                     22244 22344 33444 33344 33344 11111
            GET /api/v1/{type}/{id}/shares deals                 22244 22244 22444 22244 22244 11111
            PUT /api/v1/{type}/{id}/shares/{userId} deals        22244 22244 23444 23344 23344 11111
            DELETE /api/v1/{type}/{id}/shares/{userId} deals     22244 22244 23444 23344 23344 11111
            POST /api/v1/{type}/import deals                     2     2     3     3     3     1
            GET /api/v1/{type}/export deals                      2     2     3     3     3     1
            GET /api/v1/{type} contacts                          2     2     2     2     2     1
            POST /api/v1/{type} contacts                         22277 22277 23377 33333 33333 11111
            GET /api/v1/{type}/{id} contacts                     22244 22244 22444 22244 22244 11111
            PATCH /api/v1/{type}/{id} contacts                   22244 22244 23444 33344 33344 11111
            DELETE /api/v1/{type}/{id} contacts                  22244 22344 33444 33344 33344 11111
            GET /api/v1/{type}/{id}/shares contacts              22244 22244 22444 22244 22244 11111
            PUT /api/v1/{type}/{id}/shares/{userId} contacts     22244 22244 23444 23344 23344 11111
            DELETE /api/v1/{type}/{id}/shares/{userId} contacts  22244 22244 23444 23344 23344 11111
            POST /api/v1/{type}/import contacts                  2     2     3     3     3     1
            GET /api/v1/{type}/export contacts                   2     2     3     3     3     1
            GET /api/v1/{type} companies                         2     2     2     2     2     1
            POST /api/v1/{type} companies                        22277 22277 23377 33333 33333 11111
            GET /api/v1/{type}/{id} companies                    22244 22244 22444 22244 22244 11111
            PATCH /api/v1/{type}/{id} companies                  22244 22244 23444 33344 33344 11111
            DELETE /api/v1/{type}/{id} companies                 22244 22344 33444 33344 33344 11111
            GET /api/v1/{type}/{id}/shares companies             22244 22244 22444 22244 22244 11111
            PUT /api/v1/{type}/{id}/shares/{userId} companies    22244 22244 23444 23344 23344 11111
            DELETE /api/v1/{type}/{id}/shares/{userId} companies 22244 22244 23444 23344 23344 11111
            POST /api/v1/{type}/import companies                 2     2     3     3     3     1
            GET /api/v1/{type}/export companies                  2     2     3     3     3     1
            GET /api/v1/{type} activities                        2     2     2     2     2     1
            POST /api/v1/{type} activities                       22277 22277 23377 23377 33333 11111
            GET /api/v1/{type}/{id} activities                   22244 22244 22444 22244 22244 11111
            PATCH /api/v1/{type}/{id} activities                 22244 22244 23444 23344 33344 11111
            DELETE /api/v1/{type}/{id} activities                22244 22344 33444 33344 33344 11111
            GET /api/v1/{type}/{id}/shares activities            22244 22244 22444 22244 22244 11111
            PUT /api/v1/{type}/{id}/shares/{userId} activities   22244 22244 23444 23344 23344 11111
            DELETE /api/v1/{type}/{id}/shares/{userId} activities 22244 22244 23444 23344 23344 11111
            POST /api/v1/{type}/import activities                2     2     3     3     3     1
            GET /api/v1/{type}/export activities                 2     2     3     3     3     1
            GET /api/v1/{type} notes                             2     2     2     2     2     1
            POST /api/v1/{type} notes                            22277 22277 23377 23377 33333 11111
            GET /api/v1/{type}/{id} notes                        22244 22244 22444 22244 22244 11111
            PATCH /api/v1/{type}/{id} notes                      22244 22244 23444 23344 33344 11111
            DELETE /api/v1/{type}/{id} notes                     22244 22344 33444 33344 33344 11111
            GET /api/v1/{type}/{id}/shares notes                 22244 22244 22444 22244 22244 11111
            PUT /api/v1/{type}/{id}/shares/{userId} notes        22244 22244 23444 23344 23344 11111
            DELETE /api/v1/{type}/{id}/shares/{userId} notes     22244 22244 23444 23344 23344 11111
            POST /api/v1/{type}/import notes                     2     2     3     3     3     1
            GET /api/v1/{type}/export notes                      2     2     3     3     3     1
            GET /api/v1/{type}/{recordId}/comments deals         22244 22244 22444 22244 22244 11111
            POST /api/v1/{type}/{recordId}/comments deals        22244 22244 22444 22244 22244 11111
            PATCH /api/v1/{type}/{recordId}/comments/{id} deals  23344 23344 23444 23344 23344 11111
            DELETE /api/v1/{type}/{recordId}/comments/{id} deals 23344 23344 23444 23344 23344 11111
            GET /api/v1/{type}/{recordId}/comments contacts      22244 22244 22444 22244 22244 11111
            POST /api/v1/{type}/{recordId}/comments contacts     22244 22244 22444 22244 22244 11111
            PATCH /api/v1/{type}/{recordId}/comments/{id} contacts 23344 23344 23444 23344 23344 11111
            DELETE /api/v1/{type}/{recordId}/comments/{id} contacts 23344 23344 23444 23344 23344 11111
            GET /api/v1/{type}/{recordId}/comments companies     22244 22244 22444 22244 22244 11111
            POST /api/v1/{type}/{recordId}/comments companies    22244 22244 22444 22244 22244 11111
            PATCH /api/v1/{type}/{recordId}/comments/{id} companies 23344 23344 23444 23344 23344 11111
            DELETE /api/v1/{type}/{recordId}/comments/{id} companies 23344 23344 23444 23344 23344 11111
            GET /api/v1/trash                                    2     2     2     2     2     1
            POST /api/v1/trash/{type}/{id}/restore               22244 22444 44444 44444 44444 11111
            GET /api/v1/lists                                    2     2     2     2     2     1
            POST /api/v1/lists                                   2     2     2     2     2     1
            GET /api/v1/lists/{id}                               24444 24444 24444 24444 24444 11111
            PATCH /api/v1/lists/{id}                             24444 24444 24444 24444 24444 11111
            DELETE /api/v1/lists/{id}                            24444 24444 24444 24444 24444 11111
            GET /api/v1/lists/{id}/contacts                      24444 24444 24444 24444 24444 11111
            PUT /api/v1/lists/{id}/members/{userId}              24444 24444 24444 24444 24444 11111
            DELETE /api/v1/lists/{id}/members/{userId}           24444 24444 24444 24444 24444 11111
            POST /api/v1/lists/{id}/transfer                     24444 24444 24444 24444 24444 11111
            POST /api/v1/lists/{id}/contacts                     24444 24444 24444 24444 24444 11111
            DELETE /api/v1/lists/{id}/contacts/{contactId}       24444 24444 24444 24444 24444 11111
            PUT /api/v1/lists/{id}/hidden-fields                 24444 24444 24444 24444 24444 11111
            GET /api/v1/conversations                            2     2     2     2     2     1
            GET /api/v1/conversations/events                     2     2     2     2     2     1
            POST /api/v1/conversations                           2     2     2     2     2     1
            GET /api/v1/conversations/{id}                       22244 22444 22444 22444 22444 11111
            GET /api/v1/conversations/{id}/messages              22244 22444 22444 22444 22444 11111
            POST /api/v1/conversations/{id}/messages             22244 23444 23444 23444 23444 11111
            POST /api/v1/conversations/{id}/assign               22744 23444 23444 23444 23444 11111
            POST /api/v1/conversations/{id}/complete             22244 23444 23444 23444 23444 11111
            POST /api/v1/conversations/{id}/reopen               22244 23444 23444 23444 23444 11111
            GET /api/v1/notifications                            2     2     2     2     2     1
            POST /api/v1/notifications/{id}/read                 24444 24444 24444 24444 24444 11111
            GET /api/v1/access-requests                          2     2     2     2     2     1
            POST /api/v1/access-requests                         99944 99944 99244 99944 99944 11111
            POST /api/v1/access-requests/{id}/approve            22244 22244 24444 24444 24444 11111
            POST /api/v1/access-requests/{id}/deny               22244 22244 24444 24444 24444 11111
            GET /api/v1/jobs                                     2     2     2     2     2     1
            GET /api/v1/jobs/{id}                                22244 24444 24444 24444 24444 11111
            POST /api/v1/jobs/{id}/cancel                        22244 24444 24444 24444 24444 11111
            GET /api/v1/mail-outbox                              2     3     3     3     3     1
            POST /api/v1/workspaces                              2     2     2     2     2     2
            GET /api/v1/workspace                                2     2     2     2     2     1
            PATCH /api/v1/workspace                              2     3     3     3     3     1
            GET /api/v1/workspace/sso                            2     3     3     3     3     1
            PUT /api/v1/workspace/sso                            2     3     3     3     3     1
            DELETE /api/v1/workspace/sso                         2     3     3     3     3     1
            GET /sso                                             r     r     r     r     r     r
            GET /sso/authorize/{slug}                            r     r     r     r     r     r
            POST /api/v1/auth/login                              2     2     2     2     2     2
            POST /api/v1/auth/logout                             2     2     2     2     2     1
            GET /api/v1/me                                       2     2     2     2     2     1
            PATCH /api/v1/me                                     2     2     2     2     2     1
            POST /api/v1/me/totp                                 2     2     2     2     2     1
            POST /api/v1/me/totp/confirm                         2     2     2     2     2     1
            DELETE /api/v1/me/totp                               2     2     2     2     2     1
            GET /login                                           2     2     2     2     2     2
            GET /signup                                          2     2     2     2     2     2
            GET /api/v1/users                                    2     2     2     2     2     1
            POST /api/v1/users                                   2     3     3     3     3     1
            GET /api/v1/users/{id}                               22244 22244 22244 22244 22244 11111
            PATCH /api/v1/users/{id}                             22244 33344 33344 33344 33344 11111
            GET /api/v1/users/{id}/sessions                      22244 33333 33333 33333 33333 11111
            DELETE /api/v1/users/{id}/sessions                   22244 33333 33333 33333 33333 11111
            DELETE /api/v1/users/{id}/totp                       92244 33333 33333 33333 33333 11111
            POST /api/v1/users/{id}/offboard                     92244 33333 33333 33333 33333 11111
            GET /api/v1/departments                              2     2     2     2     2     1
            POST /api/v1/departments                             2     3     3     3     3     1
            GET /api/v1/departments/{id}                         22244 22244 22244 22244 22244 11111
            PATCH /api/v1/departments/{id}                       22244 33344 33344 33344 33344 11111
            DELETE /api/v1/departments/{id}                      22244 33344 33344 33344 33344 11111
            GET /api/v1/departments/{id}/members                 22244 22244 22244 22244 22244 11111
            PUT /api/v1/departments/{id}/members/{userId}        22244 33344 33344 33344 33344 11111
            DELETE /api/v1/departments/{id}/members/{userId}     22244 33344 33344 33344 33344 11111
            GET /api/v1/teams                                    2     2     2     2     2     1
            POST /api/v1/teams                                   2     3     3     3     3     1
            GET /api/v1/teams/{id}                               22244 22244 22244 22244 22244 11111
            PATCH /api/v1/teams/{id}                             22244 33344 33344 33344 33344 11111
            GET /api/v1/teams/{id}/members                       22244 22244 22244 22244 22244 11111
            PUT /api/v1/teams/{id}/members/{userId}              22244 33344 33344 33344 33344 11111
            DELETE /api/v1/teams/{id}/members/{userId}           22244 33344 33344 33344 33344 11111
            GET /api/v1/role-templates                           2     2     2     2     2     1
            GET /api/v1/roles                                    2     2     2     2     2     1
            POST /api/v1/roles                                   2     3     3     3     3     1
            GET /api/v1/roles/{id}                               22244 22244 22244 22244 22244 11111
            POST /api/v1/roles/{id}/copy                         22244 33344 33344 33344 33344 11111
            PUT /api/v1/roles/{id}                               22244 33344 33344 33344 33344 11111
            DELETE /api/v1/roles/{id}                            22244 33344 33344 33344 33344 11111
            GET /api/v1/role-assignments                         2     3     3     3     3     1
            POST /api/v1/role-assignments                        22277 33333 33333 33333 33333 11111
            DELETE /api/v1/role-assignments/{id}                 22244 33344 33344 33344 33344 11111
            GET /api/v1/sharing-rules                            2     3     3     3     3     1
            POST /api/v1/sharing-rules                           2     3     3     3     3     1
            GET /api/v1/sharing-rules/{id}                       22244 33333 33333 33333 33333 11111
            PUT /api/v1/sharing-rules/{id}                       22244 33333 33333 33333 33333 11111
            DELETE /api/v1/sharing-rules/{id}                    22244 33333 33333 33333 33333 11111
            GET /api/v1/access/effective                         22244 23333 23333 23333 23333 11111
            GET /api/v1/access/explain                           22244 23333 23333 23333 23333 11111
            GET /api/v1/access/conflicts                         2     3     3     3     3     1
            GET /api/v1/access/review                            2     3     3     3     3     1
            GET /api/v1/access/review/changes                    2     3     3     3     3     1
            GET /api/v1/access/review/exports                    2     3     3     3     3     1
            GET /api/v1/access/review-schedule                   2     3     3     3     3     1
            PUT /api/v1/access/review-schedule                   2     3     3     3     3     1
            DELETE /api/v1/access/review-schedule                2     3     3     3     3     1
            GET /api/v1/access/reviews                           2     2     2     2     2     1
            POST /api/v1/access/reviews                          2     3     3     3     3     1
            GET /api/v1/access/reviews/{id}                      22244 44444 44444 44444 44444 11111
            GET /api/v1/access/reviews/{id}/items                22244 44444 44444 44444 44444 11111
            POST /api/v1/access/reviews/{id}/items/{itemId}/decision 22244 44444 44444 44444 44444 11111
            POST /api/v1/access/reviews/{id}/close               22244 44444 44444 44444 44444 11111
            GET /api/v1/access/reviews/{id}/export               22244 44444 44444 44444 44444 11111
            POST /api/v1/access/simulate                         22244 23333 23333 23333 23333 11111
            DELETE /api/v1/role-assignments/{id} the-last-administrators 9 3     3     3     3     1
            PUT /api/v1/roles/{id} the-last-administrators       9     3     3     3     3     1
            POST /api/v1/role-assignments administrator-by-roles.manage 2 3     3     3     3     1
            PUT /api/v1/roles/{id} administrator-copy-by-roles.manage 2 3     3     3     3     1
            PUT /api/v1/departments/{id}/members/{userId} administrators-group-by-users.manage 2 3 3 3 3 1
            PUT /api/v1/teams/{id}/members/{userId} administrators-group-by-users.manage 2 3 3 3 3 1
            PATCH /api/v1/users/{id} reactivating-an-administrator-by-users.manage 2 3 3 3 3 1
            GET /api/v1/pipelines                                2     2     2     2     2     1
            POST /api/v1/pipelines                               2     3     3     3     3     1
            GET /api/v1/fields                                   2     2     2     2     2     1
            GET /api/v1/reports/pipeline                         2     2     2     2     2     1
            GET /api/v1/reports/won-lost                         2     2     2     2     2     1
            GET /api/v1/reports/activities-due                   2     2     2     2     2     1
            POST /api/v1/fields                                  2     3     3     3     3     1
            GET /api/v1/audit                                    2     3     3     3     3     1
            GET /api/v1/audit/verify                             2     3     3     3     3     1
            GET /api/v1/scim-tokens                              2     3     3     3     3     1
            POST /api/v1/scim-tokens                             2     3     3     3     3     1
            DELETE /api/v1/scim-tokens/{id}                      22244 33333 33333 33333 33333 11111
            GET /api/v1/workspace/scim                           2     3     3     3     3     1
            PUT /api/v1/workspace/scim                           2     3     3     3     3     1
            GET /api/v1/integrations/apps                        2     3     3     3     3     1
            POST /api/v1/integrations/apps                       2     3     3     3     3     1
            PATCH /api/v1/integrations/apps/{id}                 22244 33333 33333 33333 33333 11111
            DELETE /api/v1/integrations/apps/{id}                22244 33333 33333 33333 33333 11111
            POST /api/v1/integrations/apps/{id}/secret           22244 33333 33333 33333 33333 11111
            GET /api/v1/integrations/authorizations              2     3     3     3     3     1
            DELETE /api/v1/integrations/authorizations/{id}      22244 33333 33333 33333 33333 11111
            GET /api/v1/integrations/webhook-deliveries          2     3     3     3     3     1
            GET /api/v1/integrations/sync-log                    2     3     3     3     3     1
            POST /api/v1/integrations/meetings                   3     3     3     3     3     1
            GET /api/v1/integrations/me                          3     3     3     3     3     1
            GET /oauth2/consent                                  r     r     r     r     r     r
            POST /oauth2/consent/ask                             3     3     3     3     3     3
            GET /v3/api-docs                                     2     2     2     2     2     2
            GET /v3/api-docs.yaml                                2     2     2     2     2     2
            GET /v3/api-docs/swagger-config                      2     2     2     2     2     2
            GET /swagger-ui.html                                 r     r     r     r     r     r
            """;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /**
     * What one call sends: path variables, query, body, and which value is "the id" (replaced by an
     * unknown one for the class MISSING); a token only where the call needs its own (signing out).
     */
    record Call(Map<String, String> vars, String query, String contentType, String body, String id, String token) {
        static Call to(String id, Object... vars) {
            Map<String, String> map = new HashMap<>();
            for (int i = 0; i < vars.length; i += 2) {
                map.put((String) vars[i], String.valueOf(vars[i + 1]));
            }
            return new Call(map, "", null, null, id, null);
        }

        static Call none() {
            return to(null);
        }

        Call query(String q) {
            return new Call(vars, q, contentType, body, id, token);
        }

        Call json(Object value) {
            return new Call(vars, query, "application/json", Api.json(value), id, token);
        }

        Call csv(String value) {
            return new Call(vars, query, "text/csv", value, id, token);
        }

        Call token(String value) {
            return new Call(vars, query, contentType, body, id, value);
        }

        Call withoutTheId() {
            if (id == null) {
                return this;
            }
            String unknown = UUID.randomUUID().toString();
            Map<String, String> replaced = new HashMap<>();
            vars.forEach((k, v) -> replaced.put(k, v.replace(id, unknown)));
            return new Call(
                    replaced,
                    query.replace(id, unknown),
                    contentType,
                    body == null ? null : body.replace(id, unknown),
                    unknown,
                    token);
        }
    }

    /** Makes a row's target, given the workspace it lives in and the user it belongs to. */
    interface Target {
        Call make(World.Side side, UUID owner, Caller caller);
    }

    /** One row: an endpoint (a {@code {type}} bound to one record type), whether it has id classes, its target. */
    record Row(String method, String pattern, String binding, boolean classed, Target target) {
        String key() {
            return method + " " + pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}")
                    + (binding == null ? "" : " " + binding);
        }
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheMatrixSays() {
        World w = new World();
        List<Row> rows = rows(w);
        Map<String, String> expected = parse(MATRIX);
        consolePages(rows, expected);

        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            var methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue; // the error page: ProblemErrorController, fuzzed elsewhere, answers 404 directly
                }
                for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    mapped.add(m.name() + " " + pattern);
                }
            }
        });
        Set<String> covered = new TreeSet<>();
        rows.forEach(r -> covered.add(r.method() + " " + r.pattern()));
        Set<String> uncovered = new TreeSet<>(mapped);
        uncovered.removeAll(covered);

        StringBuilder actual = new StringBuilder();
        List<String> differences = new ArrayList<>();
        List<String> auditFaults = new ArrayList<>();
        int unexpected2xx = 0;
        int cells = 0;
        String only = System.getProperty("custodia.matrix.only");
        for (Row row : rows) {
            if (only != null && !Pattern.compile(only).matcher(row.key()).find()) {
                continue;
            }
            List<String> groups = new ArrayList<>();
            for (Caller caller : Caller.values()) {
                StringBuilder group = new StringBuilder();
                for (IdClass idClass : row.classed() ? List.of(IdClass.values()) : List.of(IdClass.OWN)) {
                    Api.Response response = call(w, row, caller, idClass, auditFaults);
                    if (only != null) {
                        System.out.printf(
                                "%s %s %s: %d %s%n", row.key(), caller, idClass, response.status(), response.body());
                    }
                    group.append(outcome(response.status()));
                    cells++;
                }
                groups.add(group.toString());
            }
            // Printed as the matrix is written, so that a reviewed change can be pasted in.
            actual.append(String.format("            %-52s ", row.key()));
            groups.forEach(g -> actual.append(String.format("%-6s", g)));
            actual.append('\n');
            String want = expected.get(row.key());
            String got = String.join(" ", groups);
            if (want == null || !want.equals(got)) {
                differences.add(row.key() + "\n    expected " + want + "\n    actual   " + got);
            }
            if (want != null) {
                for (int i = 0; i < Math.min(want.length(), got.length()); i++) {
                    if (got.charAt(i) == '2' && want.charAt(i) != '2') {
                        unexpected2xx++;
                    }
                }
            }
        }
        System.out.printf(
                "authorization matrix: %d endpoints mapped, %d uncovered, %d rows, %d calls, %d unexpected 2xx,"
                        + " %d differences, %d audit faults%n",
                mapped.size(),
                uncovered.size(),
                rows.size(),
                cells,
                unexpected2xx,
                differences.size(),
                auditFaults.size());
        if (!differences.isEmpty()) {
            System.out.println("actual matrix:\n" + actual);
        }
        auditFaults.forEach(f -> System.out.println("audit fault: " + f));
        if (only == null) {
            assertThat(uncovered).as("endpoints without a row in the matrix").isEmpty();
        }
        assertThat(unexpected2xx).as("unexpected 2xx").isZero();
        assertThat(differences).as("outcomes other than the matrix says").isEmpty();
        assertThat(auditFaults)
                .as("successful mutations without exactly one audit entry")
                .isEmpty();
    }

    /**
     * The web console's pages open only with a browser session: a bearer token (or nothing) is sent
     * to sign in (GET), and a form posted without the session's CSRF token is refused (403). What a
     * page may show or change is the API's answer to the session's own token, covered above.
     */
    private void consolePages(List<Row> rows, Map<String, String> expected) {
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (!method.getBeanType().getPackageName().equals("io.custodia.web")) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/login")) {
                    continue; // the sign-in page itself, a row of the matrix
                }
                for (RequestMethod m : info.getMethodsCondition().getMethods()) {
                    if (pattern.equals("/signup") && m == RequestMethod.GET) {
                        continue; // the sign-up page opens to anyone, a row of the matrix
                    }
                    Row row = new Row(m.name(), pattern, null, false, (s, o, c) -> {
                        Map<String, String> vars = new HashMap<>();
                        Matcher v = VARIABLE.matcher(pattern);
                        while (v.find()) {
                            vars.put(v.group(1), consoleValue(v.group(1)));
                        }
                        return new Call(vars, "", null, null, null, null);
                    });
                    rows.add(row);
                    expected.put(row.key(), m == RequestMethod.GET ? "r r r r r r" : "3 3 3 3 3 3");
                }
            }
        });
    }

    private void restoreSignIns(World w) {
        List<String> hashes = new ArrayList<>();
        w.signedIn.values().forEach(token -> hashes.add(sha256(token)));
        w.delegates.values().forEach(token -> hashes.add(sha256(token)));
        db.update(AUTH_TOKEN)
                .setNull(AUTH_TOKEN.REVOKED_AT)
                .where(AUTH_TOKEN.TOKEN_HASH.in(hashes))
                .execute();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The workspace with a single sign-on provider (its secret a placeholder no call opens), or without one. */
    private void ssoConfigured(UUID workspaceId, boolean configured) {
        db.deleteFrom(SSO_DOMAIN).where(SSO_DOMAIN.WORKSPACE_ID.eq(workspaceId)).execute();
        db.deleteFrom(WORKSPACE_SSO)
                .where(WORKSPACE_SSO.WORKSPACE_ID.eq(workspaceId))
                .execute();
        if (configured) {
            db.insertInto(WORKSPACE_SSO)
                    .set(WORKSPACE_SSO.WORKSPACE_ID, workspaceId)
                    .set(WORKSPACE_SSO.ISSUER, "https://idp.example.test")
                    .set(WORKSPACE_SSO.CLIENT_ID, "custodia")
                    .set(WORKSPACE_SSO.CLIENT_SECRET, new byte[40])
                    .execute();
        }
    }

    private static final String TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    /** The caller's authenticator secret set to a known one, waiting for its first code or confirmed. */
    private void totpFactor(UUID workspaceId, UUID userId, boolean confirmed) {
        db.deleteFrom(TOTP_FACTOR)
                .where(TOTP_FACTOR.WORKSPACE_ID.eq(workspaceId))
                .and(TOTP_FACTOR.USER_ID.eq(userId))
                .execute();
        db.insertInto(TOTP_FACTOR)
                .set(TOTP_FACTOR.WORKSPACE_ID, workspaceId)
                .set(TOTP_FACTOR.USER_ID, userId)
                .set(TOTP_FACTOR.SECRET, TOTP_SECRET)
                .set(TOTP_FACTOR.CONFIRMED_AT, confirmed ? OffsetDateTime.now() : null)
                .execute();
    }

    private static String totpCode() {
        try {
            return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6)
                    .generate(TOTP_SECRET, Instant.now().getEpochSecond() / 30);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String consoleValue(String variable) {
        return switch (variable) {
            case "kind" -> "deals";
            case "action" -> "complete";
            case "decision" -> "approve";
            default -> UUID.randomUUID().toString();
        };
    }

    private Api.Response call(World w, Row row, Caller caller, IdClass idClass, List<String> auditFaults) {
        World.Side side = idClass == IdClass.OTHER_WORKSPACE ? w.other : w.home;
        UUID owner = switch (idClass) {
            case OWN -> caller == Caller.ANONYMOUS ? w.colleague : w.users.get(caller);
            case SAME_DEPARTMENT, MISSING -> w.colleague;
            case OTHER_DEPARTMENT -> w.stranger;
            case OTHER_WORKSPACE -> w.other.admin;
        };
        Call call = row.target().make(side, owner, caller);
        if (idClass == IdClass.MISSING) {
            call = call.withoutTheId();
        }
        Map<String, String> vars = new HashMap<>(call.vars());
        if (row.binding() != null) {
            vars.put("type", row.binding());
        }
        String path = fill(row.pattern(), vars) + call.query();
        String token = caller == Caller.ANONYMOUS ? null : call.token() != null ? call.token() : w.tokens.get(caller);
        long before = audited(w.home.tenant.id());
        Api.Response response = row.pattern().endsWith("/events")
                ? streamOpened(path, token)
                : api().send(row.method(), path, token, call.contentType(), call.body());
        boolean mutating = !row.method().equals("GET");
        String endpoint = row.method() + " " + row.pattern();
        if (mutating && response.status() / 100 == 2 && !NOT_AUDITED.containsKey(endpoint)) {
            long appended = audited(w.home.tenant.id()) - before;
            if (appended != 1) {
                auditFaults.add(endpoint + " by " + caller + " on " + idClass + ": " + appended + " entries");
            }
        }
        return response;
    }

    private long audited(UUID workspace) {
        return db.fetchCount(AUDIT_ENTRY, AUDIT_ENTRY.WORKSPACE_ID.eq(workspace));
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(:[^}]*)?}");

    private static String fill(String pattern, Map<String, String> vars) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for {" + m.group(1) + "} in " + pattern);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static char outcome(int status) {
        return switch (status) {
            case 200, 201, 202, 204 -> '2';
            case 301, 302, 303 -> 'r';
            case 400 -> '0';
            case 401 -> '1';
            case 403 -> '3';
            case 404 -> '4';
            case 409 -> '9';
            case 422 -> '7';
            default -> status >= 500 ? '5' : '?';
        };
    }

    private static Map<String, String> parse(String matrix) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : matrix.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // The last six words are the outcomes, the words before them the row's key.
            List<String> words = List.of(line.trim().split("\\s+"));
            int split = words.size() - Caller.values().length;
            expected.put(
                    String.join(" ", words.subList(0, split)), String.join(" ", words.subList(split, words.size())));
        }
        return expected;
    }

    private static final String RECORDS = "/api/v1/{type:" + EntityType.PATHS + "}";
    private static final String COMMENTS = "/api/v1/{type:" + EntityType.STANDALONE_PATHS + "}/{recordId}/comments";
    private static final Map<String, Map<String, Object>> PATCHES = Map.of(
            "deals", Map.of("title", "Renamed"),
            "contacts", Map.of("firstName", "Renamed"),
            "companies", Map.of("name", "Renamed"),
            "activities", Map.of("subject", "Renamed"),
            "notes", Map.of("body", "Renamed"));
    private static final Map<String, String> IMPORTS = Map.of(
            "deals", "title\nImported\n",
            "contacts", "firstName\nImported\n",
            "companies", "name\nImported\n",
            "activities", "type,subject\ntask,Imported\n",
            "notes", "body\nImported\n");

    private List<Row> rows(World w) {
        List<Row> rows = new ArrayList<>();
        for (String type : List.of("deals", "contacts", "companies", "activities", "notes")) {
            rows.add(new Row("GET", RECORDS, type, false, (s, o, c) -> Call.none()));
            rows.add(new Row("POST", RECORDS, type, true, (s, o, c) -> {
                Map<String, Object> body = new HashMap<>(createBody(type, w.home.linkDeal()));
                body.put("ownerId", o.toString());
                return Call.to(o.toString()).json(body);
            }));
            rows.add(new Row("GET", RECORDS + "/{id}", type, true, (s, o, c) -> {
                String id = record(type, s, o);
                return Call.to(id, "id", id);
            }));
            rows.add(new Row("PATCH", RECORDS + "/{id}", type, true, (s, o, c) -> {
                String id = record(type, s, o);
                return Call.to(id, "id", id).json(PATCHES.get(type));
            }));
            rows.add(new Row("DELETE", RECORDS + "/{id}", type, true, (s, o, c) -> {
                String id = record(type, s, o);
                return Call.to(id, "id", id);
            }));
            rows.add(new Row("GET", RECORDS + "/{id}/shares", type, true, (s, o, c) -> {
                String id = record(type, s, o);
                return Call.to(id, "id", id);
            }));
            rows.add(new Row("PUT", RECORDS + "/{id}/shares/{userId}", type, true, (s, o, c) -> {
                String id = record(type, s, o);
                return Call.to(id, "id", id, "userId", s.bystander).json(Map.of("level", "READ"));
            }));
            rows.add(new Row("DELETE", RECORDS + "/{id}/shares/{userId}", type, true, (s, o, c) -> {
                String id = record(type, s, o);
                put("/api/v1/" + type + "/" + id + "/shares/" + s.bystander, s.token(), Map.of("level", "READ"));
                return Call.to(id, "id", id, "userId", s.bystander);
            }));
            rows.add(new Row(
                    "POST",
                    RECORDS + "/import",
                    type,
                    false,
                    (s, o, c) -> Call.none().csv(IMPORTS.get(type))));
            rows.add(new Row("GET", RECORDS + "/export", type, false, (s, o, c) -> Call.none()));
        }
        for (String type : List.of("deals", "contacts", "companies")) {
            rows.add(new Row("GET", COMMENTS, type, true, (s, o, c) -> {
                String id = record(type, s, o);
                return Call.to(id, "recordId", id);
            }));
            rows.add(new Row("POST", COMMENTS, type, true, (s, o, c) -> {
                String id = record(type, s, o);
                return Call.to(id, "recordId", id).json(Map.of("body", "A word"));
            }));
            rows.add(new Row("PATCH", COMMENTS + "/{id}", type, true, (s, o, c) -> {
                String[] ids = comment(type, s, o, w);
                return Call.to(ids[1], "recordId", ids[0], "id", ids[1]).json(Map.of("body", "Another word"));
            }));
            rows.add(new Row("DELETE", COMMENTS + "/{id}", type, true, (s, o, c) -> {
                String[] ids = comment(type, s, o, w);
                return Call.to(ids[1], "recordId", ids[0], "id", ids[1]);
            }));
        }
        rows.add(new Row("GET", "/api/v1/trash", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("POST", "/api/v1/trash/{type}/{id}/restore", null, true, (s, o, c) -> {
            String id = record("deals", s, o);
            ok(api().send("DELETE", "/api/v1/deals/" + id, s.token(), null, null));
            return Call.to(id, "type", "deals", "id", id);
        }));

        // Shared lists: the list belongs to its owner.
        rows.add(new Row("GET", "/api/v1/lists", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST", "/api/v1/lists", null, false, (s, o, c) -> Call.none().json(Map.of("name", "Mine"))));
        rows.add(new Row("GET", "/api/v1/lists/{id}", null, true, (s, o, c) -> listCall(o, w)));
        rows.add(new Row(
                "PATCH",
                "/api/v1/lists/{id}",
                null,
                true,
                (s, o, c) -> listCall(o, w).json(Map.of("name", "Renamed"))));
        rows.add(new Row("DELETE", "/api/v1/lists/{id}", null, true, (s, o, c) -> listCall(o, w)));
        rows.add(new Row("GET", "/api/v1/lists/{id}/contacts", null, true, (s, o, c) -> listCall(o, w)));
        rows.add(new Row("PUT", "/api/v1/lists/{id}/members/{userId}", null, true, (s, o, c) -> {
            Call list = listCall(o, w);
            return Call.to(list.id(), "id", list.id(), "userId", s.bystander).json(Map.of("level", "VIEW"));
        }));
        rows.add(new Row("DELETE", "/api/v1/lists/{id}/members/{userId}", null, true, (s, o, c) -> {
            Call list = listCall(o, w);
            put("/api/v1/lists/" + list.id() + "/members/" + s.bystander, w.tokenOf(o), Map.of("level", "VIEW"));
            return Call.to(list.id(), "id", list.id(), "userId", s.bystander);
        }));
        rows.add(new Row("POST", "/api/v1/lists/{id}/transfer", null, true, (s, o, c) -> {
            Call list = listCall(o, w);
            return Call.to(list.id(), "id", list.id()).json(Map.of("userId", s.bystander.toString()));
        }));
        rows.add(new Row("POST", "/api/v1/lists/{id}/contacts", null, true, (s, o, c) -> {
            Call list = listCall(o, w);
            return Call.to(list.id(), "id", list.id()).json(Map.of("contactId", record("contacts", s, o)));
        }));
        rows.add(new Row("DELETE", "/api/v1/lists/{id}/contacts/{contactId}", null, true, (s, o, c) -> {
            Call list = listCall(o, w);
            String contact = record("contacts", s, o);
            ok(api().post("/api/v1/lists/" + list.id() + "/contacts", w.tokenOf(o), Map.of("contactId", contact)));
            return Call.to(list.id(), "id", list.id(), "contactId", contact);
        }));
        rows.add(new Row(
                "PUT",
                "/api/v1/lists/{id}/hidden-fields",
                null,
                true,
                (s, o, c) -> listCall(o, w).json(List.of("phone"))));

        // Conversations: the conversation belongs to its attendant (the stranger's is in another team).
        rows.add(new Row("GET", "/api/v1/conversations", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/api/v1/conversations/events", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST",
                "/api/v1/conversations",
                null,
                false,
                (s, o, c) -> Call.none()
                        .json(Map.of(
                                "teamId",
                                s.team,
                                "contactId",
                                w.home.linkContact(),
                                "channel",
                                "chat",
                                "subject",
                                "Hello"))));
        rows.add(new Row("GET", "/api/v1/conversations/{id}", null, true, (s, o, c) -> conversation(s, o, w)));
        rows.add(new Row("GET", "/api/v1/conversations/{id}/messages", null, true, (s, o, c) -> conversation(s, o, w)));
        rows.add(new Row(
                "POST",
                "/api/v1/conversations/{id}/messages",
                null,
                true,
                (s, o, c) -> conversation(s, o, w).json(Map.of("body", "Hi"))));
        rows.add(new Row(
                "POST",
                "/api/v1/conversations/{id}/assign",
                null,
                true,
                (s, o, c) -> conversation(s, o, w).json(Map.of("attendantId", w.helper.toString()))));
        rows.add(
                new Row("POST", "/api/v1/conversations/{id}/complete", null, true, (s, o, c) -> conversation(s, o, w)));
        rows.add(new Row("POST", "/api/v1/conversations/{id}/reopen", null, true, (s, o, c) -> {
            Call conversation = conversation(s, o, w);
            ok(api().post("/api/v1/conversations/" + conversation.id() + "/complete", s.token(), Map.of()));
            return conversation;
        }));

        // Notifications, access requests, jobs: they belong to their recipient, requester, starter.
        rows.add(new Row("GET", "/api/v1/notifications", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("POST", "/api/v1/notifications/{id}/read", null, true, (s, o, c) -> {
            UUID id = UUID.randomUUID();
            db.insertInto(NOTIFICATION)
                    .set(NOTIFICATION.WORKSPACE_ID, s.tenant.id())
                    .set(NOTIFICATION.ID, id)
                    .set(NOTIFICATION.USER_ID, o)
                    .set(NOTIFICATION.TYPE, "mention")
                    .set(NOTIFICATION.MESSAGE, "You were mentioned")
                    .execute();
            return Call.to(id.toString(), "id", id);
        }));
        rows.add(new Row("GET", "/api/v1/access-requests", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("POST", "/api/v1/access-requests", null, true, (s, o, c) -> {
            String deal = record("deals", s, o);
            return Call.to(deal).json(Map.of("recordType", "deal", "recordId", deal));
        }));
        rows.add(new Row(
                "POST", "/api/v1/access-requests/{id}/approve", null, true, (s, o, c) -> accessRequest(s, o, w)));
        rows.add(new Row("POST", "/api/v1/access-requests/{id}/deny", null, true, (s, o, c) -> accessRequest(s, o, w)));
        rows.add(new Row("GET", "/api/v1/jobs", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/api/v1/jobs/{id}", null, true, (s, o, c) -> job(s, o, "DONE")));
        rows.add(new Row("POST", "/api/v1/jobs/{id}/cancel", null, true, (s, o, c) -> job(s, o, "RUNNING")));
        rows.add(new Row("GET", "/api/v1/mail-outbox", null, false, (s, o, c) -> Call.none()));

        // The directory: users are themselves, colleagues or strangers; departments and teams belong to nobody.
        rows.add(new Row("POST", "/api/v1/workspaces", null, false, (s, o, c) -> {
            String slug = "m-" + UUID.randomUUID().toString().substring(0, 12);
            return Call.none()
                    .json(Map.of(
                            "name",
                            slug,
                            "slug",
                            slug,
                            "admin",
                            Map.of("email", "a@" + slug + ".test", "name", "A", "password", PASSWORD)));
        }));
        rows.add(new Row("GET", "/api/v1/workspace", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("PATCH", "/api/v1/workspace", null, false, (s, o, c) -> {
            // A change that changes nothing appends nothing; for the one caller who may make it, the
            // rule is set to the other one first, so that the call restores what the world had.
            if (c == Caller.ADMINISTRATOR) {
                db.update(WORKSPACE)
                        .set(WORKSPACE.CONFLICT_RULE, "MOST_PERMISSIVE")
                        .where(WORKSPACE.ID.eq(s.tenant.id()))
                        .execute();
            }
            return Call.none().json(Map.of("conflictRule", "PRECEDENCE"));
        }));
        // Single sign-on: configured for the administrator's GET and DELETE, absent for their PUT (which creates it).
        rows.add(new Row("GET", "/api/v1/workspace/sso", null, false, (s, o, c) -> {
            ssoConfigured(s.tenant.id(), true);
            return Call.none();
        }));
        rows.add(new Row("PUT", "/api/v1/workspace/sso", null, false, (s, o, c) -> {
            ssoConfigured(s.tenant.id(), false);
            return Call.none()
                    .json(Map.of(
                            "issuer", "https://idp.example.test",
                            "clientId", "custodia",
                            "clientSecret", "s3cret",
                            "domains",
                                    List.of("m-" + UUID.randomUUID().toString().substring(0, 12) + ".test")));
        }));
        rows.add(new Row("DELETE", "/api/v1/workspace/sso", null, false, (s, o, c) -> {
            ssoConfigured(s.tenant.id(), true);
            return Call.none();
        }));
        rows.add(new Row("GET", "/sso", null, false, (s, o, c) -> Call.none().query("?email=ana%40nowhere.test")));
        rows.add(new Row(
                "GET", "/sso/authorize/{slug}", null, false, (s, o, c) -> Call.to(null, "slug", "no-such-workspace")));
        rows.add(new Row(
                "POST",
                "/api/v1/auth/login",
                null,
                false,
                (s, o, c) -> Call.none()
                        .json(Map.of(
                                "workspace", s.tenant.slug(), "email", w.emailOf(s.bystander), "password", PASSWORD))));
        rows.add(new Row(
                "POST",
                "/api/v1/auth/logout",
                null,
                false,
                (s, o, c) -> Call.none()
                        .token(
                                c == Caller.ANONYMOUS
                                        ? null
                                        : login(s.tenant.slug(), w.emailOf(w.users.get(c)), PASSWORD))));
        rows.add(new Row("GET", "/api/v1/me", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "PATCH", "/api/v1/me", null, false, (s, o, c) -> Call.none().json(Map.of("language", "en"))));
        // Two-factor sign-in, in this order for each caller: an enrolment started, one confirmed, one
        // turned off (which leaves the caller signing in with a password alone, as the rows after need).
        rows.add(new Row("POST", "/api/v1/me/totp", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("POST", "/api/v1/me/totp/confirm", null, false, (s, o, c) -> {
            if (c != Caller.ANONYMOUS) {
                totpFactor(s.tenant.id(), w.users.get(c), false);
            }
            return Call.none().json(Map.of("code", totpCode()));
        }));
        rows.add(new Row("DELETE", "/api/v1/me/totp", null, false, (s, o, c) -> {
            if (c != Caller.ANONYMOUS) {
                totpFactor(s.tenant.id(), w.users.get(c), true);
            }
            return Call.none().json(Map.of("code", totpCode()));
        }));
        rows.add(new Row("GET", "/login", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/signup", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/api/v1/users", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST",
                "/api/v1/users",
                null,
                false,
                (s, o, c) -> Call.none()
                        .json(Map.of(
                                "email",
                                "n" + UUID.randomUUID().toString().substring(0, 8) + "@" + s.tenant.slug() + ".test",
                                "name",
                                "New",
                                "password",
                                PASSWORD))));
        rows.add(new Row("GET", "/api/v1/users/{id}", null, true, (s, o, c) -> Call.to(o.toString(), "id", o)));
        rows.add(new Row(
                "PATCH",
                "/api/v1/users/{id}",
                null,
                true,
                (s, o, c) -> Call.to(o.toString(), "id", o).json(Map.of("name", "Same person"))));
        rows.add(
                new Row("GET", "/api/v1/users/{id}/sessions", null, true, (s, o, c) -> Call.to(o.toString(), "id", o)));
        rows.add(new Row("DELETE", "/api/v1/users/{id}/sessions", null, true, (s, o, c) -> {
            // The administrator ending their own sign-ins ends the world's token too: put back for the
            // calls after it, as if they had signed in again.
            restoreSignIns(w);
            return Call.to(o.toString(), "id", o);
        }));
        rows.add(new Row("DELETE", "/api/v1/users/{id}/totp", null, true, (s, o, c) -> {
            // A colleague's or a stranger's factor to turn off; one's own is refused before any is looked for.
            if (o.equals(w.colleague) || o.equals(w.stranger)) {
                totpFactor(s.tenant.id(), o, true);
            }
            return Call.to(o.toString(), "id", o);
        }));
        rows.add(new Row(
                "POST",
                "/api/v1/users/{id}/offboard",
                null,
                true,
                (s, o, c) -> Call.to(o.toString(), "id", o)
                        .query("?dryRun=true")
                        .json(Map.of("transferTo", s.bystander.toString()))));
        rows.add(new Row("GET", "/api/v1/departments", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST",
                "/api/v1/departments",
                null,
                false,
                (s, o, c) -> Call.none().json(Map.of("name", "New"))));
        rows.add(new Row("GET", "/api/v1/departments/{id}", null, true, (s, o, c) -> departmentCall(s)));
        rows.add(new Row(
                "PATCH",
                "/api/v1/departments/{id}",
                null,
                true,
                (s, o, c) -> departmentCall(s).json(Map.of("name", "Renamed"))));
        rows.add(new Row("DELETE", "/api/v1/departments/{id}", null, true, (s, o, c) -> departmentCall(s)));
        rows.add(new Row("GET", "/api/v1/departments/{id}/members", null, true, (s, o, c) -> departmentCall(s)));
        rows.add(new Row("PUT", "/api/v1/departments/{id}/members/{userId}", null, true, (s, o, c) -> {
            Call d = departmentCall(s);
            return Call.to(d.id(), "id", d.id(), "userId", s.bystander).json(Map.of());
        }));
        rows.add(new Row("DELETE", "/api/v1/departments/{id}/members/{userId}", null, true, (s, o, c) -> {
            Call d = departmentCall(s);
            put("/api/v1/departments/" + d.id() + "/members/" + s.bystander, s.token(), Map.of());
            return Call.to(d.id(), "id", d.id(), "userId", s.bystander);
        }));
        rows.add(new Row("GET", "/api/v1/teams", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST", "/api/v1/teams", null, false, (s, o, c) -> Call.none().json(Map.of("name", "New"))));
        rows.add(new Row("GET", "/api/v1/teams/{id}", null, true, (s, o, c) -> teamCall(s)));
        rows.add(new Row(
                "PATCH",
                "/api/v1/teams/{id}",
                null,
                true,
                (s, o, c) -> teamCall(s).json(Map.of("name", "Renamed"))));
        rows.add(new Row("GET", "/api/v1/teams/{id}/members", null, true, (s, o, c) -> teamCall(s)));
        rows.add(new Row("PUT", "/api/v1/teams/{id}/members/{userId}", null, true, (s, o, c) -> {
            Call team = teamCall(s);
            return Call.to(team.id(), "id", team.id(), "userId", s.bystander).json(Map.of());
        }));
        rows.add(new Row("DELETE", "/api/v1/teams/{id}/members/{userId}", null, true, (s, o, c) -> {
            Call team = teamCall(s);
            put("/api/v1/teams/" + team.id() + "/members/" + s.bystander, s.token(), Map.of());
            return Call.to(team.id(), "id", team.id(), "userId", s.bystander);
        }));

        // Access: roles and assignments belong to nobody; insight is about a user (or the user's record).
        rows.add(new Row("GET", "/api/v1/role-templates", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/api/v1/roles", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST",
                "/api/v1/roles",
                null,
                false,
                (s, o, c) -> Call.none().json(Map.of("name", "R" + UUID.randomUUID()))));
        rows.add(new Row("GET", "/api/v1/roles/{id}", null, true, (s, o, c) -> roleCall(s)));
        rows.add(new Row(
                "POST",
                "/api/v1/roles/{id}/copy",
                null,
                true,
                (s, o, c) -> roleCall(s).json(Map.of("name", "C" + UUID.randomUUID()))));
        rows.add(new Row(
                "PUT",
                "/api/v1/roles/{id}",
                null,
                true,
                (s, o, c) -> roleCall(s).json(Map.of("name", "P" + UUID.randomUUID()))));
        rows.add(new Row("DELETE", "/api/v1/roles/{id}", null, true, (s, o, c) -> roleCall(s)));
        rows.add(new Row("GET", "/api/v1/role-assignments", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("POST", "/api/v1/role-assignments", null, true, (s, o, c) -> {
            Call role = roleCall(s);
            return Call.to(role.id()).json(Map.of("roleId", role.id(), "userId", s.bystander.toString()));
        }));
        rows.add(new Row("DELETE", "/api/v1/role-assignments/{id}", null, true, (s, o, c) -> {
            Call role = roleCall(s);
            String id = created(api().post(
                            "/api/v1/role-assignments",
                            s.token(),
                            Map.of("roleId", role.id(), "userId", s.bystander.toString())));
            return Call.to(id, "id", id);
        }));
        rows.add(new Row("GET", "/api/v1/sharing-rules", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST",
                "/api/v1/sharing-rules",
                null,
                false,
                (s, o, c) -> Call.none().json(sharingRule())));
        rows.add(new Row("GET", "/api/v1/sharing-rules/{id}", null, true, (s, o, c) -> sharingRuleCall(s)));
        rows.add(new Row(
                "PUT",
                "/api/v1/sharing-rules/{id}",
                null,
                true,
                (s, o, c) -> sharingRuleCall(s).json(sharingRule())));
        rows.add(new Row("DELETE", "/api/v1/sharing-rules/{id}", null, true, (s, o, c) -> sharingRuleCall(s)));
        rows.add(new Row(
                "GET",
                "/api/v1/access/effective",
                null,
                true,
                (s, o, c) -> Call.to(o.toString()).query("?userId=" + o)));
        rows.add(new Row("GET", "/api/v1/access/explain", null, true, (s, o, c) -> {
            String deal = record("deals", s, o);
            return Call.to(deal).query("?userId=" + o + "&entity=deal&action=read&recordId=" + deal);
        }));
        rows.add(new Row("GET", "/api/v1/access/conflicts", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/api/v1/access/review", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/api/v1/access/review/changes", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/api/v1/access/review/exports", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/api/v1/access/review-schedule", null, false, (s, o, c) -> scheduled(s)));
        rows.add(new Row(
                "PUT",
                "/api/v1/access/review-schedule",
                null,
                false,
                (s, o, c) -> Call.none().json(schedule())));
        rows.add(new Row("DELETE", "/api/v1/access/review-schedule", null, false, (s, o, c) -> scheduled(s)));
        rows.add(new Row("GET", "/api/v1/access/reviews", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST",
                "/api/v1/access/reviews",
                null,
                false,
                (s, o, c) -> Call.none().json(campaign(s))));
        rows.add(new Row("GET", "/api/v1/access/reviews/{id}", null, true, (s, o, c) -> campaignCall(s)));
        rows.add(new Row("GET", "/api/v1/access/reviews/{id}/items", null, true, (s, o, c) -> campaignCall(s)));
        rows.add(new Row(
                "POST",
                "/api/v1/access/reviews/{id}/items/{itemId}/decision",
                null,
                true,
                (s, o, c) -> campaignItemCall(s).json(Map.of("decision", "keep"))));
        rows.add(new Row("POST", "/api/v1/access/reviews/{id}/close", null, true, (s, o, c) -> campaignCall(s)));
        rows.add(new Row("GET", "/api/v1/access/reviews/{id}/export", null, true, (s, o, c) -> campaignCall(s)));
        rows.add(new Row(
                "POST",
                "/api/v1/access/simulate",
                null,
                true,
                (s, o, c) -> Call.to(o.toString())
                        .json(Map.of(
                                "userId",
                                o.toString(),
                                "changes",
                                List.of(Map.of("op", "leaveDepartment", "departmentId", w.sales))))));
        separationOfDuties(rows, w);

        // Configuration.
        rows.add(new Row("GET", "/api/v1/pipelines", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST",
                "/api/v1/pipelines",
                null,
                false,
                (s, o, c) -> Call.none()
                        .json(Map.of("name", "Another", "stages", List.of(Map.of("name", "New", "kind", "OPEN"))))));
        rows.add(new Row("GET", "/api/v1/fields", null, false, (s, o, c) -> Call.none()));
        // Reports: every member, about what they may read.
        rows.add(new Row("GET", "/api/v1/reports/pipeline", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "GET",
                "/api/v1/reports/won-lost",
                null,
                false,
                (s, o, c) -> Call.none().query("?by=quarter&from=2020-01-01&to=2030-12-31")));
        rows.add(new Row(
                "GET",
                "/api/v1/reports/activities-due",
                null,
                false,
                (s, o, c) -> Call.none().query("?on=2025-01-10")));
        rows.add(new Row(
                "POST",
                "/api/v1/fields",
                null,
                false,
                (s, o, c) -> Call.none()
                        .json(Map.of(
                                "entity",
                                "deal",
                                "key",
                                "k" + UUID.randomUUID().toString().substring(0, 8),
                                "label",
                                "K",
                                "type",
                                "text"))));
        rows.add(new Row("GET", "/api/v1/audit", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/api/v1/audit/verify", null, false, (s, o, c) -> Call.none()));

        // Integrations.
        rows.add(new Row("GET", "/api/v1/integrations/apps", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST",
                "/api/v1/integrations/apps",
                null,
                false,
                (s, o, c) -> Call.none()
                        .json(Map.of(
                                "name",
                                "App",
                                "redirectUris",
                                List.of("http://localhost:9999/cb"),
                                "scopes",
                                List.of("deals:read")))));
        for (String[] lifecycle : new String[][] {
            {"PATCH", "/api/v1/integrations/apps/{id}"},
            {"DELETE", "/api/v1/integrations/apps/{id}"},
            {"POST", "/api/v1/integrations/apps/{id}/secret"}
        }) {
            rows.add(new Row(lifecycle[0], lifecycle[1], null, true, (s, o, c) -> {
                String app = created(api().post(
                                "/api/v1/integrations/apps",
                                s.token(),
                                Map.of(
                                        "name",
                                        "App",
                                        "redirectUris",
                                        List.of("http://localhost:9999/cb"),
                                        "scopes",
                                        List.of("deals:read"))));
                Call call = Call.to(app, "id", app);
                return lifecycle[0].equals("PATCH") ? call.json(Map.of("name", "Renamed")) : call;
            }));
        }
        // SCIM's tokens and setting: configuration of the workspace, belonging to nobody.
        rows.add(new Row("GET", "/api/v1/scim-tokens", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST",
                "/api/v1/scim-tokens",
                null,
                false,
                (s, o, c) -> Call.none().json(Map.of("name", "Okta"))));
        rows.add(new Row("DELETE", "/api/v1/scim-tokens/{id}", null, true, (s, o, c) -> {
            String token = created(api().post("/api/v1/scim-tokens", s.token(), Map.of("name", "Okta")));
            return Call.to(token, "id", token);
        }));
        rows.add(new Row("GET", "/api/v1/workspace/scim", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("PUT", "/api/v1/workspace/scim", null, false, (s, o, c) -> {
            // The same value again appends nothing: each call asks for the other one.
            String now = api().get("/api/v1/workspace/scim", s.token())
                    .json()
                    .get("groups")
                    .asString();
            return Call.none().json(Map.of("groups", now.equals("TEAMS") ? "DEPARTMENTS" : "TEAMS"));
        }));
        rows.add(new Row("GET", "/api/v1/integrations/authorizations", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("DELETE", "/api/v1/integrations/authorizations/{id}", null, true, (s, o, c) -> {
            String app = created(api().post(
                            "/api/v1/integrations/apps",
                            s.token(),
                            Map.of(
                                    "name",
                                    "App",
                                    "redirectUris",
                                    List.of("http://localhost:9999/cb"),
                                    "scopes",
                                    List.of("deals:read"))));
            String id = UUID.randomUUID().toString();
            db.insertInto(INTEGRATION_AUTHORIZATION)
                    .set(INTEGRATION_AUTHORIZATION.WORKSPACE_ID, s.tenant.id())
                    .set(INTEGRATION_AUTHORIZATION.ID, id)
                    .set(INTEGRATION_AUTHORIZATION.APP_ID, UUID.fromString(app))
                    .set(INTEGRATION_AUTHORIZATION.SCOPES, "deals:read")
                    .set(INTEGRATION_AUTHORIZATION.CONSENTED_BY, s.admin)
                    .set(INTEGRATION_AUTHORIZATION.CONSENTED_AT, OffsetDateTime.now())
                    .set(INTEGRATION_AUTHORIZATION.DATA, new byte[0])
                    .execute();
            return Call.to(id, "id", id);
        }));
        rows.add(new Row("GET", "/api/v1/integrations/webhook-deliveries", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/api/v1/integrations/sync-log", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("GET", "/api/v1/integrations/me", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row(
                "POST",
                "/api/v1/integrations/meetings",
                null,
                false,
                (s, o, c) -> Call.none()
                        .json(Map.of(
                                "externalId",
                                UUID.randomUUID().toString(),
                                "hostEmail",
                                w.emailOf(w.colleague),
                                "startedAt",
                                "2026-12-01T10:00:00Z",
                                "title",
                                "Weekly call"))));
        // Browser pages take a session, not a bearer token (OAuthFlowTest signs in and consents through them).
        rows.add(new Row("GET", "/oauth2/consent", null, false, (s, o, c) -> Call.none()));
        rows.add(new Row("POST", "/oauth2/consent/ask", null, false, (s, o, c) -> Call.none()));
        // The API's own description is public.
        for (String doc :
                List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config", "/swagger-ui.html")) {
            rows.add(new Row("GET", doc, null, false, (s, o, c) -> Call.none()));
        }
        return rows;
    }

    /**
     * Issue #23, item 2, as rows: the last holder of {@code roles.manage} and {@code users.manage}
     * (the home administrator, until the rows after these make more) cannot be removed (409), and
     * callers holding their template plus {@code roles.manage} or {@code users.manage} alone cannot
     * hand out the Administrator role's other permissions (403), directly or through a group.
     */
    private void separationOfDuties(List<Row> rows, World w) {
        rows.add(new Row("DELETE", "/api/v1/role-assignments/{id}", "the-last-administrators", false, (s, o, c) -> {
            String id = api().get("/api/v1/role-assignments?userId=" + s.admin, s.token())
                    .json()
                    .get("items")
                    .valueStream()
                    .filter(a -> a.get("roleId").asString().equals(roleId(s.tenant, "Administrator")))
                    .findFirst()
                    .orElseThrow()
                    .get("id")
                    .asString();
            return Call.to(id, "id", id);
        }));
        rows.add(new Row("PUT", "/api/v1/roles/{id}", "the-last-administrators", false, (s, o, c) -> {
            String id = roleId(s.tenant, "Administrator");
            return Call.to(id, "id", id).json(withoutSystem(id, s, "roles.manage"));
        }));
        rows.add(new Row("POST", "/api/v1/role-assignments", "administrator-by-roles.manage", false, (s, o, c) -> {
            String empty = departmentCall(s).id();
            return Call.none()
                    .json(Map.of("roleId", roleId(s.tenant, "Administrator"), "departmentId", empty))
                    .token(w.delegate(c, "roles.manage"));
        }));
        rows.add(new Row("PUT", "/api/v1/roles/{id}", "administrator-copy-by-roles.manage", false, (s, o, c) -> {
            String copy = created(api().post(
                            "/api/v1/roles/" + roleId(s.tenant, "Administrator") + "/copy",
                            s.token(),
                            Map.of("name", "A" + UUID.randomUUID())));
            return Call.to(copy, "id", copy)
                    .json(withoutSystem(copy, s, "users.manage"))
                    .token(w.delegate(c, "roles.manage"));
        }));
        rows.add(new Row(
                "PUT",
                "/api/v1/departments/{id}/members/{userId}",
                "administrators-group-by-users.manage",
                false,
                (s, o, c) -> {
                    String d = departmentCall(s).id();
                    created(api().post(
                                    "/api/v1/role-assignments",
                                    s.token(),
                                    Map.of("roleId", roleId(s.tenant, "Administrator"), "departmentId", d)));
                    UUID joining = newUser(s.tenant, "j" + UUID.randomUUID() + "@" + s.tenant.slug() + ".test");
                    return Call.to(d, "id", d, "userId", joining).json(Map.of()).token(w.delegate(c, "users.manage"));
                }));
        rows.add(new Row(
                "PUT",
                "/api/v1/teams/{id}/members/{userId}",
                "administrators-group-by-users.manage",
                false,
                (s, o, c) -> {
                    String team = teamCall(s).id();
                    created(api().post(
                                    "/api/v1/role-assignments",
                                    s.token(),
                                    Map.of("roleId", roleId(s.tenant, "Administrator"), "teamId", team)));
                    UUID joining = newUser(s.tenant, "j" + UUID.randomUUID() + "@" + s.tenant.slug() + ".test");
                    return Call.to(team, "id", team, "userId", joining)
                            .json(Map.of())
                            .token(w.delegate(c, "users.manage"));
                }));
        rows.add(new Row(
                "PATCH", "/api/v1/users/{id}", "reactivating-an-administrator-by-users.manage", false, (s, o, c) -> {
                    UUID former = newUser(s.tenant, "f" + UUID.randomUUID() + "@" + s.tenant.slug() + ".test");
                    created(api().post(
                                    "/api/v1/role-assignments",
                                    s.token(),
                                    Map.of("roleId", roleId(s.tenant, "Administrator"), "userId", former.toString())));
                    ok(api().patch("/api/v1/users/" + former, s.token(), Map.of("status", "deactivated")));
                    return Call.to(former.toString(), "id", former)
                            .json(Map.of("status", "active"))
                            .token(w.delegate(c, "users.manage"));
                }));
    }

    /** The role's document without one system permission: what a PUT that takes it away sends. */
    private Map<String, Object> withoutSystem(String role, World.Side side, String permission) {
        @SuppressWarnings("unchecked")
        Map<String, Object> document = new HashMap<>(
                JSON.readValue(api().get("/api/v1/roles/" + role, side.token()).body(), Map.class));
        List<Object> system = new ArrayList<>((List<?>) document.get("system"));
        system.remove(permission);
        document.put("system", system);
        return document;
    }

    private static Map<String, Object> createBody(String type, String linkDeal) {
        return switch (type) {
            case "deals" -> Map.of("title", "Deal");
            case "contacts" -> Map.of("firstName", "Contact");
            case "companies" -> Map.of("name", "Company");
            case "activities" -> Map.of("type", "task", "subject", "Call back", "dealId", linkDeal);
            default -> Map.of("body", "A note", "dealId", linkDeal);
        };
    }

    /** A record of the type owned by the owner, made by the workspace's administrator. */
    private String record(String type, World.Side side, UUID owner) {
        String link = type.equals("activities") || type.equals("notes") ? side.linkDeal() : null;
        Map<String, Object> body = new HashMap<>(createBody(type, link));
        body.put("ownerId", owner.toString());
        return created(api().post("/api/v1/" + type, side.token(), body));
    }

    /** A comment by the owner on a record of the owner's: answers the record's and the comment's ids. */
    private String[] comment(String type, World.Side side, UUID owner, World w) {
        String record = record(type, side, owner);
        String comment = created(
                api().post("/api/v1/" + type + "/" + record + "/comments", w.tokenOf(owner), Map.of("body", "First")));
        return new String[] {record, comment};
    }

    private Call listCall(UUID owner, World w) {
        String id = created(api().post("/api/v1/lists", w.tokenOf(owner), Map.of("name", "List")));
        return Call.to(id, "id", id);
    }

    private Call conversation(World.Side side, UUID attendant, World w) {
        String team = attendant.equals(w.stranger) ? side.strangersTeam : side.team;
        String id = created(api().post(
                        "/api/v1/conversations",
                        side.token(),
                        Map.of(
                                "teamId",
                                team,
                                "contactId",
                                side.linkContact(),
                                "attendantId",
                                attendant.toString(),
                                "channel",
                                "chat",
                                "subject",
                                "Help")));
        return Call.to(id, "id", id);
    }

    /** An access request by the bystander (who sees nothing) for a deal owned by the owner. */
    private Call accessRequest(World.Side side, UUID owner, World w) {
        String deal = record("deals", side, owner);
        String id = created(api().post(
                        "/api/v1/access-requests",
                        w.tokenOf(side.bystander),
                        Map.of("recordType", "deal", "recordId", deal)));
        return Call.to(id, "id", id);
    }

    /** A job the owner started, in the given state (no node runs it). */
    private Call job(World.Side side, UUID owner, String state) {
        UUID id = UUID.randomUUID();
        db.insertInto(JOB)
                .set(JOB.WORKSPACE_ID, side.tenant.id())
                .set(JOB.ID, id)
                .set(JOB.KIND, "import")
                .set(JOB.STATE, state)
                .set(JOB.CREATED_BY, owner)
                .execute();
        return Call.to(id.toString(), "id", id);
    }

    private Call departmentCall(World.Side side) {
        String id = created(api().post("/api/v1/departments", side.token(), Map.of("name", "Fresh")));
        return Call.to(id, "id", id);
    }

    private Call teamCall(World.Side side) {
        String id = created(api().post("/api/v1/teams", side.token(), Map.of("name", "Fresh")));
        return Call.to(id, "id", id);
    }

    private Call roleCall(World.Side side) {
        String template = roleId(side.tenant, "Salesperson");
        String id = created(api().post(
                        "/api/v1/roles/" + template + "/copy", side.token(), Map.of("name", "R" + UUID.randomUUID())));
        return Call.to(id, "id", id);
    }

    /** A sharing rule's body: deals titled x, shared with everyone to read. */
    private static Map<String, Object> sharingRule() {
        return Map.of(
                "name",
                "S" + UUID.randomUUID(),
                "entity",
                "deal",
                "from",
                Map.of("condition", Map.of("field", "title", "op", "eq", "value", "x")),
                "to",
                Map.of("everyone", true),
                "level",
                "READ");
    }

    /**
     * A campaign over everyone, the bystander named reviewer: the administrator's own grant goes to
     * the bystander, and the bystander's (a personal role) to the administrator who started it.
     */
    private Map<String, Object> campaign(World.Side side) {
        api().post(
                        "/api/v1/role-assignments",
                        side.token(),
                        Map.of("roleId", roleId(side.tenant, "Read only"), "userId", side.bystander.toString()));
        return Map.of(
                "name",
                "Review",
                "scope",
                Map.of("kind", "everyone"),
                "dueAt",
                Instant.now().plus(Duration.ofDays(7)).toString(),
                "onTimeout",
                "keep",
                "reviewerId",
                side.bystander.toString());
    }

    private static Map<String, Object> schedule() {
        return Map.of("everyMonths", 3, "scope", Map.of("kind", "everyone"), "onTimeout", "keep", "daysToDecide", 14);
    }

    /** A workspace with a schedule set, by its administrator. */
    private Call scheduled(World.Side side) {
        ok(api().send("PUT", "/api/v1/access/review-schedule", side.token(), "application/json", Api.json(schedule())));
        return Call.none();
    }

    private Call campaignCall(World.Side side) {
        String id = created(api().post("/api/v1/access/reviews", side.token(), campaign(side)));
        return Call.to(id, "id", id);
    }

    /** The bystander's item, which the side's administrator reviews. */
    private Call campaignItemCall(World.Side side) {
        String id = created(api().post("/api/v1/access/reviews", side.token(), campaign(side)));
        String item = api().get("/api/v1/access/reviews/" + id + "/items?mine=true", side.token())
                .json()
                .get("items")
                .valueStream()
                .filter(i -> i.get("subjectId").asString().equals(side.bystander.toString()))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
        return Call.to(id, "id", id, "itemId", item);
    }

    private Call sharingRuleCall(World.Side side) {
        String id = created(api().post("/api/v1/sharing-rules", side.token(), sharingRule()));
        return Call.to(id, "id", id);
    }

    /** Arranges part of a target (a share, a membership) with a PUT that must succeed. */
    private void put(String path, String token, Object body) {
        ok(api().send("PUT", path, token, "application/json", Api.json(body)));
    }

    private static void ok(Api.Response response) {
        assertThat(response.status() / 100).as(response.body()).isEqualTo(2);
    }

    /** A live stream stays open: its status is all that is read. */
    private Api.Response streamOpened(String path, String token) {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            var response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return new Api.Response(response.statusCode(), Map.of(), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Two workspaces. In the home one: a department "Sales" holding one user per role template (the
     * administrator included) and a salesperson colleague, a department "Elsewhere" with a
     * salesperson stranger, a bystander with no department and no role, a team of all of Sales
     * (visibility TEAM) and one of the stranger's, a pipeline. The other workspace has its own
     * administrator, bystander, team and pipeline.
     */
    final class World {
        final class Side {
            final Tenant tenant;
            final UUID admin;
            final String team;
            final String strangersTeam;
            final UUID bystander;
            private String linkDeal;
            private String linkContact;

            Side(Tenant tenant, String strangersTeam) {
                this.tenant = tenant;
                this.admin = tenant.adminId();
                onePipeline(tenant);
                this.team = created(api().post(
                                "/api/v1/teams", tenant.adminToken(), Map.of("name", "Inbox", "visibility", "TEAM")));
                this.strangersTeam = strangersTeam;
                this.bystander = person(tenant, "bystander", null, null);
            }

            String token() {
                return tenant.adminToken();
            }

            /** The administrator's deal, which everyone in Sales reads: what new activities and notes link to. */
            String linkDeal() {
                if (linkDeal == null) {
                    linkDeal = created(api().post("/api/v1/deals", token(), Map.of("title", "Shared deal")));
                }
                return linkDeal;
            }

            String linkContact() {
                if (linkContact == null) {
                    linkContact = created(api().post("/api/v1/contacts", token(), Map.of("firstName", "Shared")));
                }
                return linkContact;
            }
        }

        final Side home;
        final Side other;
        final Map<Caller, UUID> users = new EnumMap<>(Caller.class);
        final Map<Caller, String> tokens = new EnumMap<>(Caller.class);
        private final Map<UUID, String> emails = new HashMap<>();
        private final Map<UUID, String> signedIn = new HashMap<>();
        private final Map<UUID, String> slugs = new HashMap<>();
        final UUID colleague;
        final UUID stranger;
        /** A member of the Sales team with no role: whom conversations are handed over to. */
        final UUID helper;

        final String sales;

        World() {
            Tenant t = newWorkspace();
            Tenant o = newWorkspace();
            remember(t.adminId(), t, "admin@" + t.slug() + ".test", t.adminToken());
            remember(o.adminId(), o, "admin@" + o.slug() + ".test", o.adminToken());
            sales = department(t, "Sales");
            String elsewhere = department(t, "Elsewhere");
            colleague = person(t, "colleague", "Salesperson", sales);
            stranger = person(t, "stranger", "Salesperson", elsewhere);
            String strangersTeam =
                    created(api().post("/api/v1/teams", t.adminToken(), Map.of("name", "Far", "visibility", "TEAM")));
            member(t, strangersTeam, stranger);
            home = new Side(t, strangersTeam);
            other = new Side(o, null);
            for (Caller caller : Caller.values()) {
                if (caller == Caller.ANONYMOUS) {
                    continue;
                }
                UUID user = caller == Caller.ADMINISTRATOR
                        ? t.adminId()
                        : person(t, caller.name().toLowerCase().replace('_', '-'), caller.template, sales);
                if (caller == Caller.ADMINISTRATOR) {
                    join(t, sales, user);
                }
                users.put(caller, user);
                tokens.put(caller, tokenOf(user));
                member(t, home.team, user);
            }
            member(t, home.team, colleague);
            helper = person(t, "helper", null, null);
            member(t, home.team, helper);
            member(o, other.team, o.adminId());
        }

        private final Map<String, String> delegates = new HashMap<>();

        /**
         * The token of someone holding the caller's template and a role with this one system
         * permission (the administrator holds it already); made once per caller and permission.
         */
        String delegate(Caller caller, String permission) {
            if (caller == Caller.ADMINISTRATOR || caller == Caller.ANONYMOUS) {
                return null;
            }
            return delegates.computeIfAbsent(caller + " " + permission, key -> {
                Tenant t = home.tenant;
                String role = created(api().post(
                                "/api/v1/roles", t.adminToken(), Map.of("name", key, "system", List.of(permission))));
                UUID user = person(t, "d" + delegates.size() + caller.ordinal(), caller.template, sales);
                created(api().post(
                                "/api/v1/role-assignments",
                                t.adminToken(),
                                Map.of("roleId", role, "userId", user.toString())));
                return tokenOf(user);
            });
        }

        String tokenOf(UUID user) {
            return signedIn.computeIfAbsent(user, u -> login(slugs.get(u), emails.get(u), PASSWORD));
        }

        String emailOf(UUID user) {
            return emails.get(user);
        }

        private void remember(UUID user, Tenant t, String email, String token) {
            emails.put(user, email);
            slugs.put(user, t.slug());
            if (token != null) {
                signedIn.put(user, token);
            }
        }

        private UUID person(Tenant t, String name, String template, String department) {
            String email = name + "@" + t.slug() + ".test";
            UUID user = newUser(t, email);
            remember(user, t, email, null);
            if (department != null) {
                join(t, department, user);
            }
            if (template != null) {
                created(api().post(
                                "/api/v1/role-assignments",
                                t.adminToken(),
                                Map.of("roleId", roleId(t, template), "userId", user.toString())));
            }
            return user;
        }

        private void member(Tenant t, String team, UUID user) {
            Api.Response r = api().send(
                            "PUT",
                            "/api/v1/teams/" + team + "/members/" + user,
                            t.adminToken(),
                            "application/json",
                            "{}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }
}
